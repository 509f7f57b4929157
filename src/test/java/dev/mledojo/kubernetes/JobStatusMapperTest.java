package dev.mledojo.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.FailureReason;
import dev.mledojo.kubernetes.JobStatusMapper.EpisodeFacts;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/** One test per row of the state table (src/docs/kubernetes.md). */
class JobStatusMapperTest {

    static final Instant LAUNCHED = Instant.parse("2026-12-01T10:00:00Z");
    static final KubernetesSettings SETTINGS = JobSpecBuilderTest.SETTINGS;
    final JobStatusMapper mapper = new JobStatusMapper(SETTINGS);

    static EpisodeFacts starting() {
        return new EpisodeFacts(EpisodeState.STARTING, LAUNCHED, null);
    }

    static EpisodeFacts running() {
        return new EpisodeFacts(EpisodeState.RUNNING, LAUNCHED, LAUNCHED.plusSeconds(60));
    }

    static Instant at(Duration afterLaunch) {
        return LAUNCHED.plus(afterLaunch);
    }

    static Job job() {
        return new JobBuilder().withNewMetadata().withName("ep-x").endMetadata().withNewSpec().endSpec().build();
    }

    static Job suspended() {
        return new JobBuilder(job()).editSpec().withSuspend(true).endSpec().build();
    }

    static Job withCondition(String type, String reason) {
        return new JobBuilder(job()).withNewStatus().addNewCondition().withType(type).withStatus("True").withReason(reason)
                .withMessage(reason + " message").endCondition().endStatus().build();
    }

    static Pod pod(String phase, List<ContainerStatus> init, List<ContainerStatus> main) {
        return new PodBuilder().withNewMetadata().withName("ep-x-abcde").endMetadata().withNewStatus().withPhase(phase)
                .withInitContainerStatuses(init).withContainerStatuses(main).endStatus().build();
    }

    static ContainerStatus waiting(String name, String reason) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewWaiting().withReason(reason)
                .withMessage(reason + " details").endWaiting().endState().build();
    }

    static ContainerStatus terminated(String name, int code, String reason, String message) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewTerminated().withExitCode(code)
                .withReason(reason).withMessage(message).endTerminated().endState().build();
    }

    static ContainerStatus runningContainer(String name) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewRunning().endRunning().endState().build();
    }

    Optional<Transition> map(EpisodeFacts e, Job job, List<Pod> pods, Duration after) {
        return mapper.map(e, Optional.ofNullable(job), pods, at(after));
    }

    static void failed(Optional<Transition> t, FailureReason reason, boolean retry, String detail) {
        assertThat(t).isPresent();
        assertThat(t.get().target()).isEqualTo(EpisodeState.FAILED);
        assertThat(t.get().reason()).isEqualTo(reason);
        assertThat(t.get().retry()).as("retried").isEqualTo(retry);
        assertThat(t.get().detail()).contains(detail);
    }

    @Test
    void aCreatedJobWaitsForItsPod() {
        assertThat(map(starting(), job(), List.of(), Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void aJobSuspendedByKueueHasNoStartTimeout() {
        assertThat(map(starting(), suspended(), List.of(), Duration.ofHours(3))).isEmpty();
    }

    @Test
    void aJobSuspendedPastTheQueueTimeoutFailsForTheInfrastructure() {
        KubernetesSettings s = SETTINGS;
        JobStatusMapper withTimeout = new JobStatusMapper(new KubernetesSettings(s.namespace(), s.instance(), s.runnerImage(),
                s.imagePullPolicy(), s.imagePullSecrets(), s.serviceAccount(), s.platformUrl(), s.runtimeClassName(),
                s.gpuRuntimeClassName(), s.nodeSelector(), s.gpuNodeSelector(), s.tolerations(), s.gpuTolerations(),
                s.gpuResource(), s.priorityClassName(), "q", s.runnerOverheadMemoryBytes(), s.ephemeralStorage(),
                s.dataAllowance(), s.deadlineGrace(), s.ttlAfterFinished(), s.startTimeout(), Duration.ofMinutes(30),
                s.heartbeatTimeout()));
        assertThat(withTimeout.map(starting(), Optional.of(suspended()), List.of(), at(Duration.ofMinutes(20)))).isEmpty();
        failed(withTimeout.map(starting(), Optional.of(suspended()), List.of(), at(Duration.ofMinutes(31))),
                FailureReason.INFRA_ERROR, true, "not admitted by the cluster queue");
    }

    @Test
    void anUnschedulablePodWaitsUntilTheStartTimeout() {
        Pod pending = new PodBuilder(pod("Pending", List.of(), List.of())).editStatus().addNewCondition()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu").endCondition().endStatus().build();
        assertThat(map(starting(), job(), List.of(pending), Duration.ofMinutes(14))).isEmpty();
        Optional<Transition> t = map(starting(), job(), List.of(pending), Duration.ofMinutes(16));
        failed(t, FailureReason.INFRA_ERROR, true, "did not start in 15 min: waiting for a node: 0/3 nodes are available");
        assertThat(t.get().deleteJob()).isTrue();
    }

    @Test
    void anImageThatCannotBePulledFailsAfterItsGrace() {
        Pod pulling = pod("Pending", List.of(waiting("fetch-data", "ImagePullBackOff")), List.of());
        assertThat(map(starting(), job(), List.of(pulling), Duration.ofMinutes(1))).isEmpty();
        Optional<Transition> t = map(starting(), job(), List.of(pulling), Duration.ofMinutes(3));
        failed(t, FailureReason.INFRA_ERROR, true, "image could not be pulled");
        assertThat(t.get().deleteJob()).isTrue();
    }

    @Test
    void anInvalidImageNameIsAConfigurationErrorNotRetried() {
        Optional<Transition> t = map(starting(), job(), List.of(pod("Pending", List.of(), List.of(
                waiting("runner", "InvalidImageName")))), Duration.ofSeconds(10));
        failed(t, FailureReason.INFRA_ERROR, false, "configuration error");
        assertThat(t.get().deleteJob()).isTrue();
    }

    @Test
    void aContainerThatCannotBeConfiguredFailsAfterAMinute() {
        Pod p = pod("Pending", List.of(), List.of(waiting("runner", "CreateContainerConfigError")));
        assertThat(map(starting(), job(), List.of(p), Duration.ofSeconds(30))).isEmpty();
        failed(map(starting(), job(), List.of(p), Duration.ofSeconds(90)), FailureReason.INFRA_ERROR, true,
                "could not be configured");
    }

    @Test
    void aFailedDataFetchIsTheInfrastructures() {
        Pod p = pod("Failed", List.of(terminated("fetch-data", 1, "Error", "sha256 of train.csv does not match")), List.of());
        Optional<Transition> t = map(starting(), job(), List.of(p), Duration.ofSeconds(40));
        failed(t, FailureReason.INFRA_ERROR, true, "public data could not be fetched: sha256 of train.csv does not match");
        assertThat(t.get().deleteJob()).isTrue();
    }

    @Test
    void aJobThatCompletedWhileTheEpisodeIsOpenEndedWithoutReporting() {
        failed(map(running(), withCondition("Complete", null), List.of(), Duration.ofMinutes(5)), FailureReason.INFRA_ERROR,
                true, "ended without reporting");
    }

    @Test
    void theClusterDeadlineEndsARunningEpisodeWithItsBestSubmission() {
        Optional<Transition> t = map(running(), withCondition("Failed", "DeadlineExceeded"), List.of(), Duration.ofHours(2));
        assertThat(t).isPresent();
        assertThat(t.get().target()).isEqualTo(EpisodeState.FINISHED);
        assertThat(t.get().reason()).isNull();
        assertThat(t.get().detail()).isEqualTo("wall-time limit enforced by the cluster");
        assertThat(map(running(), withCondition("FailureTarget", "DeadlineExceeded"), List.of(), Duration.ofHours(2))
                .map(Transition::target)).contains(EpisodeState.FINISHED);
    }

    @Test
    void theDeadlineOfAnEpisodeThatNeverStartedIsTheInfrastructures() {
        failed(map(starting(), withCondition("Failed", "DeadlineExceeded"), List.of(), Duration.ofHours(2)),
                FailureReason.INFRA_ERROR, true, "did not start before its deadline");
    }

    @Test
    void anOomKilledRunnerIsAMemoryLimitFailureNotRetried() {
        Pod p = pod("Failed", List.of(terminated("fetch-data", 0, "Completed", null)),
                List.of(terminated("runner", 137, "OOMKilled", null)));
        failed(map(running(), withCondition("Failed", "BackoffLimitExceeded"), List.of(p), Duration.ofMinutes(9)),
                FailureReason.MEMORY_LIMIT, false, "more memory than its limit");
    }

    @Test
    void anEvictionForDiskIsTheAgentsAndAnyOtherIsTheInfrastructures() {
        Pod disk = new PodBuilder(pod("Failed", List.of(), List.of())).editStatus().withReason("Evicted")
                .withMessage("Pod ephemeral local storage usage exceeds the total limit of containers 10Gi.").endStatus()
                .build();
        failed(map(running(), job(), List.of(disk), Duration.ofMinutes(9)), FailureReason.AGENT_ERROR, false,
                "wrote more than 10Gi to disk");
        Pod node = new PodBuilder(pod("Failed", List.of(), List.of())).editStatus().withReason("Evicted")
                .withMessage("The node was low on resource: memory.").endStatus().build();
        failed(map(running(), job(), List.of(node), Duration.ofMinutes(9)), FailureReason.INFRA_ERROR, true,
                "evicted: The node was low on resource");
    }

    @Test
    void aDisruptedPodIsTheInfrastructures() {
        Pod p = new PodBuilder(pod("Running", List.of(), List.of(runningContainer("runner")))).editStatus().addNewCondition()
                .withType("DisruptionTarget").withStatus("True").withReason("DeletionByTaintManager")
                .withMessage("Taint manager: deleting due to NoExecute taint").endCondition().endStatus().build();
        failed(map(running(), job(), List.of(p), Duration.ofMinutes(3)), FailureReason.INFRA_ERROR, true,
                "disrupted: Taint manager");
    }

    @Test
    void aRunnerThatExitsWithoutReportingFollowsTheExitCodeContract() {
        Pod agent = pod("Failed", List.of(), List.of(terminated("runner", JobStatusMapper.EXIT_AGENT_ERROR, "Error",
                "agent crashed: KeyError 'x'")));
        failed(map(running(), job(), List.of(agent), Duration.ofMinutes(3)), FailureReason.AGENT_ERROR, false,
                "exited with code 3 without reporting: agent crashed");
        Pod crash = pod("Failed", List.of(), List.of(terminated("runner", 1, "Error", "java.lang.IllegalStateException")));
        failed(map(running(), job(), List.of(crash), Duration.ofMinutes(3)), FailureReason.INFRA_ERROR, true,
                "exited with code 1");
    }

    @Test
    void aRunnerThatStopsReportingIsFailedAndItsJobDeleted() {
        Pod alive = pod("Running", List.of(), List.of(runningContainer("runner")));
        EpisodeFacts quiet = new EpisodeFacts(EpisodeState.RUNNING, LAUNCHED, LAUNCHED.plusSeconds(60));
        assertThat(map(quiet, job(), List.of(alive), Duration.ofMinutes(5))).isEmpty();
        Optional<Transition> t = map(quiet, job(), List.of(alive), Duration.ofMinutes(7));
        failed(t, FailureReason.INFRA_ERROR, true, "stopped reporting");
        assertThat(t.get().deleteJob()).isTrue();
    }

    @Test
    void aJobThatDisappearedFailsTheOpenEpisode() {
        failed(map(running(), null, List.of(), Duration.ofMinutes(3)), FailureReason.INFRA_ERROR, true, "Job disappeared");
        failed(map(starting(), null, List.of(), Duration.ofSeconds(3)), FailureReason.INFRA_ERROR, true, "Job disappeared");
    }

    @Test
    void anEpisodeAdmittedAMomentAgoMayNotHaveItsJobYet() {
        Instant admitted = at(Duration.ofMinutes(10));
        EpisodeFacts fresh = new EpisodeFacts(EpisodeState.STARTING, admitted, null, null, admitted);
        assertThat(map(fresh, null, List.of(), Duration.ofMinutes(10).plusSeconds(5))).isEmpty();
        failed(map(fresh, null, List.of(), Duration.ofMinutes(12)), FailureReason.INFRA_ERROR, true, "Job disappeared");
    }

    @Test
    void theJobOfAClosedEpisodeIsAnOrphanToDelete() {
        for (EpisodeState closed : List.of(EpisodeState.FINISHED, EpisodeState.FAILED, EpisodeState.CANCELLED)) {
            Optional<Transition> t = map(new EpisodeFacts(closed, LAUNCHED, null), job(), List.of(), Duration.ofHours(1));
            assertThat(t).isPresent();
            assertThat(t.get().target()).as(closed.name()).isNull();
            assertThat(t.get().deleteJob()).isTrue();
            assertThat(map(new EpisodeFacts(closed, LAUNCHED, null), null, List.of(), Duration.ofHours(1))).isEmpty();
        }
    }

    @Test
    void aClosedEpisodesFinishedJobStaysUntilItsTtlAndOnlyItsSecretGoes() {
        for (String end : List.of("Complete", "Failed")) {
            Optional<Transition> t = map(new EpisodeFacts(EpisodeState.FINISHED, LAUNCHED, null), withCondition(end, null),
                    List.of(), Duration.ofHours(1));
            assertThat(t).as(end).isPresent();
            assertThat(t.get().target()).isNull();
            assertThat(t.get().deleteJob()).as(end).isFalse();
        }
    }

    @Test
    void theRunnerOfAJustClosedEpisodeHasAMinuteToExitBeforeItsJobIsAnOrphan() {
        Instant ended = at(Duration.ofMinutes(30));
        EpisodeFacts closed = new EpisodeFacts(EpisodeState.FINISHED, LAUNCHED, null, ended, LAUNCHED);
        assertThat(map(closed, job(), List.of(), Duration.ofMinutes(30).plusSeconds(20))).isEmpty();
        Optional<Transition> later = map(closed, job(), List.of(), Duration.ofMinutes(32));
        assertThat(later).isPresent();
        assertThat(later.get().deleteJob()).isTrue();
    }

    @Test
    void aHealthyRunningEpisodeIsLeftAlone() {
        Pod alive = pod("Running", List.of(terminated("fetch-data", 0, "Completed", null)),
                List.of(runningContainer("runner")));
        assertThat(map(new EpisodeFacts(EpisodeState.RUNNING, LAUNCHED, at(Duration.ofMinutes(59))), job(), List.of(alive),
                Duration.ofMinutes(60))).isEmpty();
    }
}
