package dev.mledojo.kubernetes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.scheduling.EpisodeRecovery;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

/**
 * With {@code dojo.launcher=kubernetes} a submission's episodes become one token Secret and one Job each in the
 * episodes namespace (Fabric8 CRUD mock server), within the launcher's capacity; launching again is idempotent; the
 * lease sweep leaves them to the cluster; cancelling deletes Jobs and Secrets.
 */
@QuarkusTest
@TestProfile(KubernetesLauncherTest.Kube.class)
@WithKubernetesTestServer(crud = true)
class KubernetesLauncherTest {

    /** The platform with the Kubernetes launcher. */
    public static class Kube implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dojo.launcher", "kubernetes", "dojo.kubernetes.namespace", "episodes",
                    "dojo.kubernetes.instance", "dojo-test", "dojo.kubernetes.runner-image", "registry.example/mle-dojo:test",
                    "dojo.kubernetes.platform-url", "http://mle-dojo.dojo.svc:8080", "dojo.kubernetes.capacity", "2",
                    "dojo.kubernetes.runtime-class-name", "gvisor");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesLauncher launcher;

    @Inject
    EpisodeRecovery recovery;

    static final String TASK = "practice-tabular-binary";

    List<Job> jobs(long submission) {
        KubernetesClient client = server.getClient();
        return client.batch().v1().jobs().inNamespace("episodes").withLabel(JobNames.SUBMISSION, Long.toString(submission))
                .list().getItems();
    }

    List<Episode> episodes(long submission) {
        return QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>list("submissionId = ?1 order by seed", submission));
    }

    @Test
    void episodesBecomeJobsWithTheirTokenSecretsWithinCapacityAndCancellingDeletesThem() {
        int created = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "k8s-sklearn", "kind", "baseline", "config", Map.of("baseline", "sklearn")))
                .post("/api/v1/agents").then().extract().statusCode();
        assertThat(created).isIn(201, 409);
        long submission = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", "k8s-sklearn", "seeds", 3, "suite", Map.of("tasks", List.of(TASK))))
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");

        // capacity 2: two Jobs, the third episode waits in the queue
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs(submission).size() == 2);
        List<Episode> episodes = episodes(submission);
        assertThat(episodes).filteredOn(e -> e.state == EpisodeState.STARTING).hasSize(2)
                .allSatisfy(e -> {
                    assertThat(e.launcher).isEqualTo("kubernetes");
                    assertThat(e.runnerInstance).isEqualTo("test-replica");
                    assertThat(e.leaseUntil).as("watched by the cluster, not leased").isNull();
                    assertThat(e.tokenHash).isNotNull();
                });
        assertThat(episodes).filteredOn(e -> e.state == EpisodeState.QUEUED).hasSize(1);
        for (Job job : jobs(submission)) {
            String episode = job.getMetadata().getLabels().get(JobNames.EPISODE);
            Episode e = episodes.stream().filter(x -> x.id.equals(episode)).findFirst().orElseThrow();
            assertThat(job.getMetadata().getName()).isEqualTo("ep-" + e.id);
            assertThat(job.getMetadata().getLabels()).containsEntry(JobNames.MANAGED_BY, "mle-dojo")
                    .containsEntry(JobNames.INSTANCE, "dojo-test").containsEntry(JobNames.ATTEMPT, "1")
                    .containsEntry(JobNames.TASK, TASK).containsEntry(JobNames.OWNER, JobNames.ownerHash("demo"));
            assertThat(job.getSpec().getTemplate().getSpec().getRuntimeClassName()).isEqualTo("gvisor");
            assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("registry.example/mle-dojo:test");
            Secret secret = server.getClient().secrets().inNamespace("episodes").withName("ep-" + e.id + "-token").get();
            assertThat(secret).as("the token Secret of " + e.id).isNotNull();
            String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
            assertThat(token).startsWith(Episode.TOKEN_PREFIX);
            assertThat(DigestUtils.sha256Hex(token)).as("the Secret holds the episode's token").isEqualTo(e.tokenHash);
        }
        assertThat(recovery.sweep()).as("Kubernetes episodes are not leased: the sweep leaves them").isZero();

        // launching again (a restart between create and commit) keeps one Job
        String first = episodes.stream().filter(e -> e.state == EpisodeState.STARTING).findFirst().orElseThrow().id;
        launcher.launch(first, () -> { });
        assertThat(jobs(submission)).hasSize(2);
        assertThat(server.getClient().secrets().inNamespace("episodes").withName("ep-" + first + "-token").get())
                .isNotNull();

        given().auth().preemptive().basic("demo", "demo").delete("/api/v1/submissions/" + submission).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs(submission).isEmpty());
        assertThat(server.getClient().secrets().inNamespace("episodes").withLabel(JobNames.SUBMISSION,
                Long.toString(submission)).list().getItems()).isEmpty();
        assertThat(episodes(submission)).allMatch(e -> e.state == EpisodeState.CANCELLED);
    }
}
