package dev.mledojo.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.FailureReason;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/**
 * Maps what the cluster says about an episode's Job and Pod to the episode's next state (the table of
 * {@code src/docs/kubernetes.md}). The episode row is authoritative: the runner's own reports move it first, and the
 * cluster only closes an episode that is still open (or cleans up after a closed one). Timeouts are computed from
 * timestamps, never from timers, so they survive restarts. Pure: the caller reads the facts and applies the result.
 */
public final class JobStatusMapper {

    /** The runner's exit code for an agent error it could not report. */
    public static final int EXIT_AGENT_ERROR = 3;

    private final KubernetesSettings settings;

    public JobStatusMapper(KubernetesSettings settings) {
        this.settings = settings;
    }

    /**
     * An open (or closed) episode as the mapper needs it.
     *
     * @param launchedAt when its Job was created
     * @param lastSign its runner's last heartbeat or step, or null
     */
    public record EpisodeFacts(EpisodeState state, Instant launchedAt, Instant lastSign, Instant endedAt,
            Instant admittedAt) {

        /** An episode that has not ended (or ended long ago), admitted long ago. */
        public EpisodeFacts(EpisodeState state, Instant launchedAt, Instant lastSign) {
            this(state, launchedAt, lastSign, null, null);
        }
    }

    /** How long an admitted episode may be without its Job (the launcher creates it right after the admission). */
    static final Duration LAUNCH_GRACE = Duration.ofMinutes(1);

    /** How long the runner of a just-closed episode has to exit before a Job still active counts as an orphan. */
    static final Duration EXIT_GRACE = Duration.ofMinutes(1);

    /**
     * @param job the episode's Job, or empty when it does not exist (deleted, or never created)
     * @param pods its pods (normally one)
     */
    public Optional<Transition> map(EpisodeFacts episode, Optional<Job> job, List<Pod> pods, Instant now) {
        if (episode.state().closed()) {
            if (job.isEmpty()) {
                return Optional.empty();
            }
            if (condition(job.get(), "Complete").isPresent() || condition(job.get(), "Failed").isPresent()) {
                return Optional.of(Transition.cleanUp()); // a finished Job keeps its pod's logs until its TTL
            }
            if (episode.endedAt() != null && Duration.between(episode.endedAt(), now).compareTo(EXIT_GRACE) < 0) {
                return Optional.empty(); // its runner reported the end and is exiting
            }
            return Optional.of(Transition.deleteOrphan());
        }
        if (job.isEmpty()) {
            if (episode.state() == EpisodeState.STARTING && episode.admittedAt() != null
                    && Duration.between(episode.admittedAt(), now).compareTo(LAUNCH_GRACE) < 0) {
                return Optional.empty(); // admitted a moment ago: its Job is being created
            }
            return Optional.of(Transition.fail(FailureReason.INFRA_ERROR, "the episode's Job disappeared", false));
        }
        boolean running = episode.state() == EpisodeState.RUNNING;
        Job j = job.get();
        Duration sinceLaunch = Duration.between(episode.launchedAt(), now);

        // the Job itself ended
        Optional<JobCondition> failed = condition(j, "Failed").or(() -> condition(j, "FailureTarget"));
        if (failed.isPresent() && "DeadlineExceeded".equals(failed.get().getReason())) {
            return Optional.of(running ? Transition.finish("wall-time limit enforced by the cluster")
                    : Transition.fail(FailureReason.INFRA_ERROR, "the episode did not start before its deadline", true));
        }
        Optional<Transition> fromPods = pods(pods, running, sinceLaunch);
        if (fromPods.isPresent()) {
            return fromPods;
        }
        if (failed.isPresent()) {
            return Optional.of(Transition.fail(FailureReason.INFRA_ERROR, "the Job failed: " + describe(failed.get()), true));
        }
        if (condition(j, "Complete").isPresent()) {
            return Optional.of(Transition.fail(FailureReason.INFRA_ERROR, "the runner ended without reporting", true));
        }

        // the Job is still going: is it waiting too long?
        if (Boolean.TRUE.equals(j.getSpec().getSuspend())) {
            if (settings.queueTimeout() != null && sinceLaunch.compareTo(settings.queueTimeout()) > 0) {
                return Optional.of(Transition.fail(FailureReason.INFRA_ERROR, "not admitted by the cluster queue in "
                        + settings.queueTimeout().toMinutes() + " min", true));
            }
            return Optional.empty(); // waiting for cluster quota (Kueue): no start timeout meanwhile
        }
        if (!running && sinceLaunch.compareTo(settings.startTimeout()) > 0) {
            String why = pods.stream().map(JobStatusMapper::pendingReason).filter(Objects::nonNull).findFirst()
                    .orElse("no pod started");
            return Optional.of(Transition.fail(FailureReason.INFRA_ERROR, "the episode did not start in "
                    + settings.startTimeout().toMinutes() + " min: " + why, true));
        }
        if (running && episode.lastSign() != null && pods.stream().anyMatch(p -> "Running".equals(phase(p)))
                && Duration.between(episode.lastSign(), now).compareTo(settings.heartbeatTimeout()) > 0) {
            return Optional.of(Transition.fail(FailureReason.INFRA_ERROR, "the runner stopped reporting for "
                    + settings.heartbeatTimeout().toMinutes() + " min", true));
        }
        return Optional.empty();
    }

    private Optional<Transition> pods(List<Pod> pods, boolean running, Duration sinceLaunch) {
        for (Pod pod : pods) {
            if (pod.getStatus() == null) {
                continue;
            }
            String reason = pod.getStatus().getReason();
            if ("Evicted".equals(reason)) {
                String message = String.valueOf(pod.getStatus().getMessage());
                if (running && message.toLowerCase(java.util.Locale.ROOT).contains("ephemeral")) {
                    return Optional.of(Transition.fail(FailureReason.AGENT_ERROR, "the episode wrote more than "
                            + settings.ephemeralStorage() + " to disk: " + message, false));
                }
                return Optional.of(Transition.fail(FailureReason.INFRA_ERROR, "evicted: " + message, true));
            }
            if (hasCondition(pod, "DisruptionTarget")) {
                return Optional.of(Transition.fail(FailureReason.INFRA_ERROR, "the pod was disrupted: "
                        + conditionText(pod, "DisruptionTarget"), true));
            }
            for (ContainerStatus init : list(pod.getStatus().getInitContainerStatuses())) {
                ContainerStateTerminated t = terminated(init);
                if (t != null && t.getExitCode() != null && t.getExitCode() != 0) {
                    return Optional.of(Transition.fail(FailureReason.INFRA_ERROR, "the public data could not be fetched: "
                            + text(t.getMessage(), t.getReason()), true));
                }
            }
            for (ContainerStatus c : Stream.concat(list(pod.getStatus().getInitContainerStatuses()).stream(),
                    list(pod.getStatus().getContainerStatuses()).stream()).toList()) {
                ContainerStateWaiting w = c.getState() == null ? null : c.getState().getWaiting();
                if (w == null || w.getReason() == null) {
                    continue;
                }
                switch (w.getReason()) {
                    case "InvalidImageName":
                        return Optional.of(Transition.failForGood(FailureReason.INFRA_ERROR,
                                "the runner image name is invalid (a configuration error): " + text(w.getMessage(), ""), true));
                    case "ErrImagePull", "ImagePullBackOff":
                        if (sinceLaunch.compareTo(min(settings.startTimeout(), KubernetesSettings.IMAGE_PULL_GRACE)) > 0) {
                            return Optional.of(Transition.fail(FailureReason.INFRA_ERROR,
                                    "the runner image could not be pulled: " + text(w.getMessage(), w.getReason()), true));
                        }
                        break;
                    case "CreateContainerConfigError":
                        if (sinceLaunch.compareTo(KubernetesSettings.CONFIG_ERROR_GRACE) > 0) {
                            return Optional.of(Transition.fail(FailureReason.INFRA_ERROR,
                                    "the runner container could not be configured: " + text(w.getMessage(), w.getReason()),
                                    true));
                        }
                        break;
                    default:
                        break;
                }
            }
            for (ContainerStatus c : list(pod.getStatus().getContainerStatuses())) {
                ContainerStateTerminated t = terminated(c);
                if (t == null) {
                    continue;
                }
                if ("OOMKilled".equals(t.getReason())) {
                    return Optional.of(Transition.fail(FailureReason.MEMORY_LIMIT,
                            "the episode used more memory than its limit", false));
                }
                if (t.getExitCode() != null && t.getExitCode() != 0) {
                    boolean agent = t.getExitCode() == EXIT_AGENT_ERROR;
                    return Optional.of(Transition.fail(agent ? FailureReason.AGENT_ERROR : FailureReason.INFRA_ERROR,
                            "the runner exited with code " + t.getExitCode() + " without reporting"
                                    + (t.getMessage() == null || t.getMessage().isBlank() ? "" : ": " + t.getMessage().strip()),
                            false));
                }
            }
        }
        return Optional.empty();
    }

    /** Why a pod has not started yet, from its waiting containers or its scheduling condition. */
    static String pendingReason(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        for (ContainerStatus c : Stream.concat(list(pod.getStatus().getInitContainerStatuses()).stream(),
                list(pod.getStatus().getContainerStatuses()).stream()).toList()) {
            ContainerStateWaiting w = c.getState() == null ? null : c.getState().getWaiting();
            if (w != null && w.getReason() != null && !"PodInitializing".equals(w.getReason())) {
                return c.getName() + " " + w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage());
            }
        }
        for (PodCondition c : list(pod.getStatus().getConditions())) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                return "waiting for a node: " + text(c.getMessage(), c.getReason());
            }
        }
        return null;
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null) {
            return Optional.empty();
        }
        return list(job.getStatus().getConditions()).stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static boolean hasCondition(Pod pod, String type) {
        return list(pod.getStatus().getConditions()).stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String conditionText(Pod pod, String type) {
        return list(pod.getStatus().getConditions()).stream().filter(c -> type.equals(c.getType()))
                .map(c -> text(c.getMessage(), c.getReason())).findFirst().orElse(type);
    }

    private static String describe(JobCondition c) {
        return text(c.getMessage(), c.getReason());
    }

    private static ContainerStateTerminated terminated(ContainerStatus c) {
        ContainerState s = c.getState();
        return s == null ? null : s.getTerminated();
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private static String text(String message, String reason) {
        return message != null && !message.isBlank() ? message.strip() : String.valueOf(reason);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
