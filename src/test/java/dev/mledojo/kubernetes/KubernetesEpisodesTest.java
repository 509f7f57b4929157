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
import dev.mledojo.scheduling.Scheduler;
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
 * lease sweep leaves them to the cluster; cancelling deletes Jobs and Secrets. Status written into the mock moves the
 * episodes as the state table says (OOMKilled, DeadlineExceeded, a vanished Job), and a full reconciliation fails
 * Job-less episodes and deletes orphan Jobs.
 */
@QuarkusTest
@TestProfile(KubernetesEpisodesTest.Kube.class)
@WithKubernetesTestServer(crud = true)
class KubernetesEpisodesTest {

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

    @Inject
    KubernetesReconciler reconciler;

    @Inject
    Scheduler scheduler;

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

    long submit(int seeds) {
        int created = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "k8s-sklearn", "kind", "baseline", "config", Map.of("baseline", "sklearn")))
                .post("/api/v1/agents").then().extract().statusCode();
        assertThat(created).isIn(201, 409);
        return given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", "k8s-sklearn", "seeds", seeds, "suite", Map.of("tasks", List.of(TASK))))
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** The Job of a one-episode submission, once launched, with its episode begun. */
    Job runningJob(long submission) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs(submission).size() == 1);
        Job job = jobs(submission).get(0);
        begin(job.getMetadata().getLabels().get(JobNames.EPISODE));
        return job;
    }

    /** Plays the runner's begin: the episode runs (its pod reported in). */
    static void begin(String episode) {
        QuarkusTransaction.requiringNew().run(() -> Episode.<Episode>findById(episode).start());
    }

    static Episode episode(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id));
    }

    /**
     * Cancels the submission: the Jobs of its open episodes go at once (a closed episode's Job is left to its TTL once
     * finished, or deleted as an orphan after its runner's exit grace).
     */
    void cancel(long submission) {
        List<String> open = jobs(submission).stream().map(j -> j.getMetadata().getLabels().get(JobNames.EPISODE))
                .filter(id -> !episode(id).state.closed()).toList();
        given().auth().preemptive().basic("demo", "demo").delete("/api/v1/submissions/" + submission).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs(submission).stream()
                .noneMatch(j -> open.contains(j.getMetadata().getLabels().get(JobNames.EPISODE))));
    }

    /** Plays the kubelet: the episode's pod, with the Job's pod labels, then its status. */
    void pod(Job job, io.fabric8.kubernetes.api.model.PodStatus status) {
        KubernetesClient client = server.getClient();
        String name = job.getMetadata().getName() + "-pod";
        client.pods().inNamespace("episodes").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName(name).withNamespace("episodes").withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata().withNewSpec().endSpec().build()).create();
        client.pods().inNamespace("episodes").withName(name).editStatus(p -> new io.fabric8.kubernetes.api.model.PodBuilder(p)
                .withStatus(status).build());
    }

    @Test
    void anOomKilledRunnerFailsItsEpisodeWithMemoryLimitAndLeavesTheOtherAlone() {
        long submission = submit(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs(submission).size() == 2);
        Job oom = jobs(submission).get(0);
        String victim = oom.getMetadata().getLabels().get(JobNames.EPISODE);
        String other = jobs(submission).get(1).getMetadata().getLabels().get(JobNames.EPISODE);
        begin(victim);
        begin(other);
        pod(oom, new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Failed")
                .addNewContainerStatus().withName("runner").withNewState().withNewTerminated().withExitCode(137)
                .withReason("OOMKilled").endTerminated().endState().endContainerStatus().build());
        await().atMost(Duration.ofSeconds(30)).until(() -> episode(victim).state == EpisodeState.FAILED);
        Episode failed = episode(victim);
        assertThat(failed.failureReason).isEqualTo("MEMORY_LIMIT");
        assertThat(failed.failureDetail).contains("more memory than its limit");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Episode.count("retryOf", victim))).as("final").isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> server.getClient().secrets().inNamespace("episodes")
                .withName("ep-" + victim + "-token").get() == null);
        assertThat(episode(other).state).isEqualTo(EpisodeState.RUNNING);
        cancel(submission);
    }

    @Test
    void theClusterDeadlineFinishesARunningEpisodeWithItsBestSoFar() {
        long submission = submit(1);
        Job job = runningJob(submission);
        String id = job.getMetadata().getLabels().get(JobNames.EPISODE);
        server.getClient().batch().v1().jobs().inNamespace("episodes").withName(job.getMetadata().getName())
                .editStatus(j -> new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(j).withNewStatus().addNewCondition()
                        .withType("Failed").withStatus("True").withReason("DeadlineExceeded")
                        .withMessage("Job was active longer than specified deadline").endCondition().endStatus().build());
        await().atMost(Duration.ofSeconds(30)).until(() -> episode(id).state == EpisodeState.FINISHED);
        Episode done = episode(id);
        assertThat(done.endReason).isEqualTo("wall-time limit enforced by the cluster");
        assertThat(done.result).isNotNull();
        assertThat(done.result.valid()).as("no submission was made").isFalse();
        assertThat(done.failureReason).isNull();
        // the finished Job keeps its pod's logs until its TTL; the token Secret goes now
        await().atMost(Duration.ofSeconds(30)).until(() -> server.getClient().secrets().inNamespace("episodes")
                .withName(JobNames.tokenSecret(id)).get() == null);
        reconciler.reconcileAll();
        assertThat(server.getClient().batch().v1().jobs().inNamespace("episodes").withName(job.getMetadata().getName())
                .get()).isNotNull();
        cancel(submission);
    }

    @Test
    void aJobThatDisappearsFailsItsEpisodeForTheInfrastructureAndQueuesARetry() {
        long submission = submit(1);
        Job job = runningJob(submission);
        String id = job.getMetadata().getLabels().get(JobNames.EPISODE);
        server.getClient().batch().v1().jobs().inNamespace("episodes").withName(job.getMetadata().getName()).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> episode(id).state == EpisodeState.FAILED);
        assertThat(episode(id).failureReason).isEqualTo("INFRA_ERROR");
        assertThat(episode(id).failureDetail).contains("Job disappeared");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Episode.count("retryOf", id))).isEqualTo(1);
        cancel(submission);
    }

    @Test
    void aFullReconciliationFailsJobLessEpisodesAndDeletesOrphanJobs() {
        long alive = submit(1); // launched normally: its Job exists, so a restart must leave it alone
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs(alive).size() == 1);
        String launched = jobs(alive).get(0).getMetadata().getLabels().get(JobNames.EPISODE);
        scheduler.pause();
        try {
            long submission = submit(1);
            // what a platform restart may find: an episode admitted into Kubernetes whose Job never got created
            String id = QuarkusTransaction.requiringNew().call(() -> {
                Episode e = Episode.<Episode>list("submissionId = ?1", submission).get(0);
                e.admitTo(KubernetesLauncher.NAME, "test-replica", null);
                e.admittedAt = java.time.Instant.now().minusSeconds(120); // past the launch grace
                return e.id;
            });
            // and a Job of this installation whose episode does not exist
            Job orphan = new JobSpecBuilder(launcher.settings()).job(new EpisodeLaunch("0000aaaa-0000-0000-0000-000000000000",
                    1, 999L, null, "ghost", TASK, "x", 1, 1L << 30, 0, 60));
            server.getClient().batch().v1().jobs().inNamespace("episodes").resource(orphan).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> server.getClient().batch().v1().jobs().inNamespace("episodes")
                    .withName(orphan.getMetadata().getName()).get() == null);
            reconciler.reconcileAll();
            Episode failed = episode(id);
            assertThat(failed.state).isEqualTo(EpisodeState.FAILED);
            assertThat(failed.failureReason).isEqualTo("INFRA_ERROR");
            assertThat(QuarkusTransaction.requiringNew().call(() -> Episode.count("retryOf", id))).isEqualTo(1);
            assertThat(episode(launched).state).as("an episode whose Job exists is never failed by a reconciliation")
                    .isEqualTo(EpisodeState.STARTING);
            assertThat(jobs(alive)).hasSize(1);
            scheduler.resume();
            cancel(submission);
            cancel(alive);
        } finally {
            scheduler.resume();
        }
    }
}
