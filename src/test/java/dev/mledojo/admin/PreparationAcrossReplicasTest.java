package dev.mledojo.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.mledojo.task.TaskCatalogueSync;
import dev.mledojo.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A task's data import lives in the database, so replicas agree on it: an import another replica runs is refused here
 * and shown here, live; one whose replica died shows as failed and a new import takes its place. "Another replica" is
 * a row written with SQL under another instance name, as that replica would write it.
 */
@QuarkusTest
class PreparationAcrossReplicasTest {

    static final String TASK = "preparation-probe";

    @Inject
    TaskCatalogueSync sync;

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path tmp;

    @BeforeEach
    void task() throws IOException, SQLException {
        ProbeTasks.define(sync, tmp.resolve("tasks"), TASK);
        sql("delete from task_preparation where task_slug = ?", TASK);
    }

    @AfterEach
    void forget() throws SQLException {
        sql("delete from task_preparation where task_slug = ?", TASK);
    }

    /** Another replica's import of the task, running, with its lease renewed until {@code lease} from now. */
    private void importOnAnotherReplica(String lease) throws SQLException {
        sql("insert into task_preparation (task_slug, version, state, step, fraction, checks, started_at, instance, "
                + "lease_until) values (?, 1, 'running', 'preparing: train.csv', 0.4, '[]', now(), 'replica-x', now() + "
                + "cast(? as interval))", TASK, lease);
    }

    private void sql(String statement, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.execute();
        }
    }

    private static io.restassured.response.Response upload() throws IOException {
        return given().auth().preemptive().basic("admin", "admin")
                .multiPart("file", "raw.zip", ProbeTasks.rawArchive(400), "application/zip")
                .post("/api/v1/admin/tasks/" + TASK + "/data");
    }

    @Test
    void an_import_running_on_another_replica_is_refused_here_and_shown_here() throws Exception {
        importOnAnotherReplica("1 hour");
        upload().then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("preparation-running"))
                .body("detail", containsString("preparing: train.csv")).body("detail", containsString("replica-x"));
        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/tasks/" + TASK + "/preparation").then()
                .statusCode(200).body("state", equalTo("running")).body("step", equalTo("preparing: train.csv"))
                .body("fraction", equalTo(0.4f));
        given().auth().preemptive().basic("admin", "admin").get("/admin?q=" + TASK).then().statusCode(200)
                .body(containsString("<a href=\"/admin/tasks/" + TASK + "/preparation\">import: running</a>"));
    }

    @Test
    void an_import_whose_replica_died_shows_failed_and_a_new_import_takes_its_place() throws Exception {
        importOnAnotherReplica("-1 minute");
        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/tasks/" + TASK + "/preparation").then()
                .statusCode(200).body("state", equalTo("failed"))
                .body("message", containsString("The replica preparing it (replica-x) stopped"));
        upload().then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> !"running".equals(given().auth().preemptive()
                .basic("admin", "admin").get("/api/v1/admin/tasks/" + TASK + "/preparation").then().statusCode(200)
                .extract().jsonPath().getString("state")));
        given().auth().preemptive().basic("admin", "admin").get("/api/v1/admin/tasks/" + TASK + "/preparation").then()
                .statusCode(200).body("state", equalTo("reviewed")).body("step", equalTo("done"))
                .body("dataHash", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void a_viewer_here_follows_an_import_another_replica_runs_until_it_ends() throws Exception {
        importOnAnotherReplica("1 hour");
        try (SseClient viewer = SseClient.open(base + "admin/tasks/" + TASK + "/preparation/events", "admin")) {
            assertThat(viewer.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> viewer.events().size() == 1);
            assertThat(viewer.events().get(0).data()).contains("\"step\":\"preparing: train.csv\"");
            // the other replica's progress and end, as it writes them: each is pushed here (no polling)
            sql("update task_preparation set step = 'reviewing', fraction = 0.9 where task_slug = ?", TASK);
            await().atMost(Duration.ofSeconds(30)).until(() -> viewer.events().size() == 2);
            assertThat(viewer.events().get(1).data()).contains("\"step\":\"reviewing\"").contains("\"fraction\":0.9");
            sql("update task_preparation set state = 'reviewed', step = 'done', fraction = 1, ended_at = now() "
                    + "where task_slug = ?", TASK);
            await().atMost(Duration.ofSeconds(30)).until(viewer::ended);
            assertThat(viewer.events()).hasSize(3);
            assertThat(viewer.events().get(2).data()).contains("\"state\":\"reviewed\"");
        }
    }

    /**
     * The database announces what viewers show and nothing else: a lease renewal (every few seconds per running import)
     * sends no notification, the next visible change sends one. Notifications arrive in commit order, so once a
     * marker committed after both is here, every notification they sent is too.
     */
    @Test
    void a_lease_renewal_is_not_announced_a_visible_change_is() throws Exception {
        importOnAnotherReplica("1 hour");
        try (Connection listening = dataSource.getConnection(); Statement s = listening.createStatement()) {
            s.execute("LISTEN dojo_preparation");
            s.execute("LISTEN test_marker");
            try {
                sql("update task_preparation set lease_until = now() + interval '2 hours' where task_slug = ?", TASK);
                sql("update task_preparation set step = 'storing' where task_slug = ?", TASK);
                sql("select pg_notify('test_marker', 'end')"); // committed last, so heard last
                PGConnection pg = listening.unwrap(PGConnection.class);
                List<String> heard = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    PGNotification[] got = pg.getNotifications(100);
                    if (got != null) {
                        for (PGNotification n : got) {
                            heard.add(n.getName() + ":" + n.getParameter());
                        }
                    }
                    return heard.contains("test_marker:end");
                });
                assertThat(heard).containsExactly("dojo_preparation:" + TASK, "test_marker:end");
            } finally {
                s.execute("UNLISTEN *");
            }
        }
    }
}
