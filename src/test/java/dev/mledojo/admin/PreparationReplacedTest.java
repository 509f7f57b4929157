package dev.mledojo.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.task.DataStatus;
import dev.mledojo.task.Task;
import dev.mledojo.task.TaskCatalogueSync;
import dev.mledojo.testing.FakeKaggle;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A running import's replica keeps its lease alive; an import whose replica lost its lease while it still ran (stalled,
 * cut off from the database) and was replaced by another import records nothing when it comes back: neither its data nor a failure on the task's version, nor its job.
 * The import downloads from a Kaggle stand-in that holds the download until the test has taken the task over.
 */
@QuarkusTest
@QuarkusTestResource(value = PreparationReplacedTest.GatedKaggle.class, restrictToAnnotatedClass = true)
class PreparationReplacedTest {

    static final String TASK = "replaced-probe";
    static final CountDownLatch DOWNLOADING = new CountDownLatch(1);
    static final CountDownLatch GO = new CountDownLatch(1);

    /** A Kaggle stand-in whose download of the probe's archive waits for {@link #GO}. */
    public static class GatedKaggle implements QuarkusTestResourceLifecycleManager {
        private FakeKaggle kaggle;

        @Override
        public Map<String, String> start() {
            kaggle = new FakeKaggle("gate-bot", "gate-key-0123456789", slug -> {
                if (!slug.equals(TASK)) {
                    return Optional.empty();
                }
                DOWNLOADING.countDown();
                try {
                    GO.await(2, TimeUnit.MINUTES);
                    return Optional.of(ProbeTasks.rawArchive(400));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return Map.of("dojo.curation.kaggle.base-url", kaggle.baseUrl(), "dojo.curation.kaggle.username",
                    "gate-bot", "dojo.curation.kaggle.key", "gate-key-0123456789",
                    "dojo.scheduling.lease", "PT2S"); // an import's lease, renewed every third of it
        }

        @Override
        public void stop() {
            GO.countDown();
            if (kaggle != null) {
                kaggle.close();
            }
        }
    }

    @Inject
    TaskCatalogueSync sync;

    @Inject
    DataSource dataSource;

    @Inject
    CurationService curation;

    @TempDir
    Path tmp;

    @Test
    void an_import_that_was_replaced_records_nothing_when_it_comes_back() throws Exception {
        ProbeTasks.define(sync, tmp.resolve("tasks"), TASK, "source: kaggle", "competition: " + TASK);

        given().auth().preemptive().basic("admin", "admin").post("/api/v1/admin/tasks/" + TASK + "/import/kaggle")
                .then().statusCode(202).body("state", equalTo("running"));
        assertThat(DOWNLOADING.await(1, TimeUnit.MINUTES)).as("the download started").isTrue();
        assertThat(curation.runs(TASK)).isTrue();
        // while it waits, its replica keeps it alive: past two leases it still shows as running
        Instant twoLeases = Instant.now().plusSeconds(4);
        await().atMost(Duration.ofMinutes(1)).until(() -> Instant.now().isAfter(twoLeases));
        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/tasks/" + TASK + "/preparation").then()
                .statusCode(200).body("state", equalTo("running"));

        // meanwhile another replica took the task over (this one's lease had run out)
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update task_preparation set started_at = now(), instance = 'replica-x', step = 'queued', "
                        + "lease_until = now() + interval '1 hour' where task_slug = ?")) {
            s.setString(1, TASK);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        GO.countDown();
        await().atMost(Duration.ofMinutes(1)).until(() -> !curation.runs(TASK));

        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/tasks/" + TASK + "/preparation").then()
                .statusCode(200).body("state", equalTo("running")).body("step", equalTo("queued"));
        QuarkusTransaction.requiringNew().run(() -> {
            Task task = Task.findBySlug(TASK).orElseThrow();
            assertThat(task.currentVersion.dataStatus).isNotEqualTo(DataStatus.READY);
            assertThat(task.currentVersion.dataHash).isNull();
            assertThat(task.currentVersion.dataError).isNull();
        });
    }
}
