package dev.mledojo.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * Builds the Job (and the token Secret) of one episode: one pod that fetches the task's public data with the episode
 * token (init container) and runs the episode's runner, locked down (non-root, read-only root filesystem, no
 * capabilities, no service-account token, seccomp RuntimeDefault), with requests equal to limits from the task's
 * resource profile and a deadline of data allowance + wall budget + grace. Pure: no cluster, no container.
 */
public final class JobSpecBuilder {

    /** Where the token Secret is mounted in the pod (a file, never an environment variable). */
    public static final String TOKEN_DIR = "/var/run/mle-dojo";
    public static final String TOKEN_FILE = TOKEN_DIR + "/token";
    public static final String TOKEN_KEY = "token";
    public static final long RUNNER_UID = 10001;
    static final String FETCH_DATA = "fetch-data";
    static final String RUNNER = "runner";
    static final long FETCH_MEMORY = 256L << 20;

    private final KubernetesSettings settings;

    public JobSpecBuilder(KubernetesSettings settings) {
        this.settings = settings;
    }

    /** The labels that identify an episode's objects (also used to select them). */
    public Map<String, String> labels(EpisodeLaunch launch) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(JobNames.NAME, "mle-dojo");
        labels.put(JobNames.COMPONENT, "runner");
        labels.put(JobNames.MANAGED_BY, JobNames.MANAGER);
        labels.put(JobNames.INSTANCE, JobNames.labelValue(settings.instance()));
        labels.put(JobNames.EPISODE, JobNames.labelValue(launch.episodeId()));
        if (launch.submissionId() != null) {
            labels.put(JobNames.SUBMISSION, Long.toString(launch.submissionId()));
        }
        labels.put(JobNames.ATTEMPT, Integer.toString(launch.attempt()));
        labels.put(JobNames.TASK, JobNames.labelValue(launch.taskSlug()));
        labels.put(JobNames.OWNER, JobNames.ownerHash(launch.owner()));
        return labels;
    }

    /** The Secret with the episode token, mounted read-only into the pod. */
    public Secret tokenSecret(EpisodeLaunch launch, String token) {
        return new SecretBuilder().withMetadata(new ObjectMetaBuilder().withName(JobNames.tokenSecret(launch.episodeId()))
                .withNamespace(settings.namespace()).withLabels(labels(launch)).build())
                .withType("Opaque").withImmutable(true)
                // data (base64), not stringData: the API server folds stringData into data, the mock server does not
                .withData(Map.of(TOKEN_KEY, java.util.Base64.getEncoder().encodeToString(
                        token.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build();
    }

    public Job job(EpisodeLaunch launch) {
        Map<String, String> labels = labels(launch);
        Map<String, String> jobLabels = new LinkedHashMap<>(labels);
        boolean queued = settings.queueName() != null && !settings.queueName().isBlank();
        if (queued) {
            jobLabels.put(JobNames.QUEUE, JobNames.labelValue(settings.queueName()));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (launch.taskVersion() != null) {
            annotations.put("mledojo.dev/task-version", launch.taskVersion());
        }
        if (launch.agentVersionId() != null) {
            annotations.put("mledojo.dev/agent-version", Long.toString(launch.agentVersionId()));
        }
        ObjectMeta meta = new ObjectMetaBuilder().withName(JobNames.job(launch.episodeId()))
                .withNamespace(settings.namespace()).withLabels(jobLabels).withAnnotations(annotations).build();
        boolean gpu = launch.needsGpu();
        return new JobBuilder().withMetadata(meta)
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(deadlineSeconds(launch))
                    .withTtlSecondsAfterFinished((int) settings.ttlAfterFinished().toSeconds())
                    .withSuspend(queued ? Boolean.TRUE : null)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withServiceAccountName(settings.serviceAccount())
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withRuntimeClassName(blankToNull(gpu ? settings.gpuRuntimeClassName() : settings.runtimeClassName()))
                            .withPriorityClassName(blankToNull(settings.priorityClassName()))
                            .withNodeSelector(gpu ? settings.gpuNodeSelector() : settings.nodeSelector())
                            .withTolerations(gpu ? settings.gpuTolerations() : settings.tolerations())
                            .withTerminationGracePeriodSeconds(30L)
                            .withImagePullSecrets(settings.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
                            .withSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true)
                                    .withRunAsUser(RUNNER_UID).withRunAsGroup(RUNNER_UID).withFsGroup(RUNNER_UID)
                                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build())
                            .withInitContainers(fetchData(launch))
                            .withContainers(runner(launch))
                            .withVolumes(volumes(launch))
                        .endSpec()
                    .endTemplate()
                .endSpec().build();
    }

    /** Data allowance + the wall budget + grace: the cluster's own backstop behind the runner's budget. */
    long deadlineSeconds(EpisodeLaunch launch) {
        return settings.dataAllowance().toSeconds() + launch.wallTimeSeconds() + settings.deadlineGrace().toSeconds();
    }

    /** The runner's memory: the task's profile plus the runner's own overhead. */
    long memoryBytes(EpisodeLaunch launch) {
        return launch.memoryBytes() + settings.runnerOverheadMemoryBytes();
    }

    private Container fetchData(EpisodeLaunch launch) {
        Map<String, Quantity> small = Map.of("cpu", new Quantity("500m"), "memory", new Quantity(Long.toString(FETCH_MEMORY)),
                "ephemeral-storage", new Quantity("64Mi"));
        return new ContainerBuilder().withName(FETCH_DATA).withImage(settings.runnerImage())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withEnv(env(launch, FETCH_DATA, "-Xmx128m"))
                .withResources(new ResourceRequirementsBuilder().withRequests(small).withLimits(small).build())
                .withSecurityContext(restricted())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withVolumeMounts(mount("data", "/data", false), mount("token", TOKEN_DIR, true), mount("tmp", "/tmp", false))
                .build();
    }

    private Container runner(EpisodeLaunch launch) {
        List<EnvVar> env = new ArrayList<>(env(launch, RUNNER, "-Xmx256m"));
        env.add(new EnvVarBuilder().withName("DOJO_POD_UID").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.uid").endFieldRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName("DOJO_MEMORY_LIMIT").withNewValueFrom().withNewResourceFieldRef()
                .withContainerName(RUNNER).withResource("limits.memory").endResourceFieldRef().endValueFrom().build());
        return new ContainerBuilder().withName(RUNNER).withImage(settings.runnerImage())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withEnv(env)
                .withResources(resources(launch))
                .withSecurityContext(restricted())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withVolumeMounts(mount("workspace", "/workspace", false), mount("data", "/data", true),
                        mount("tmp", "/tmp", false), mount("token", TOKEN_DIR, true), mount("dshm", "/dev/shm", false))
                .build();
    }

    /** Requests equal limits (Guaranteed QoS): CPU, memory, ephemeral storage, and the GPU when the task needs one. */
    ResourceRequirements resources(EpisodeLaunch launch) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        amounts.put("cpu", new Quantity(cpu(launch.cpu())));
        amounts.put("memory", new Quantity(Long.toString(memoryBytes(launch))));
        amounts.put("ephemeral-storage", new Quantity(settings.ephemeralStorage()));
        if (launch.needsGpu()) {
            amounts.put(settings.gpuResource(), new Quantity(Integer.toString(launch.gpu())));
        }
        return new ResourceRequirementsBuilder().withRequests(new LinkedHashMap<>(amounts)).withLimits(amounts).build();
    }

    private List<EnvVar> env(EpisodeLaunch launch, String role, String heap) {
        return List.of(new EnvVar("DOJO_ROLE", role, null), new EnvVar("DOJO_PLATFORM_URL", settings.platformUrl(), null),
                new EnvVar("DOJO_EPISODE_ID", launch.episodeId(), null),
                new EnvVar("DOJO_EPISODE_TOKEN_FILE", TOKEN_FILE, null),
                new EnvVar("JAVA_TOOL_OPTIONS", heap + " -XX:+ExitOnOutOfMemoryError", null));
    }

    private List<Volume> volumes(EpisodeLaunch launch) {
        return List.of(
                new VolumeBuilder().withName("workspace").withNewEmptyDir().withSizeLimit(new Quantity(settings.ephemeralStorage()))
                        .endEmptyDir().build(),
                new VolumeBuilder().withName("data").withNewEmptyDir().withSizeLimit(new Quantity(settings.ephemeralStorage()))
                        .endEmptyDir().build(),
                new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("1Gi")).endEmptyDir().build(),
                new VolumeBuilder().withName("dshm").withNewEmptyDir().withMedium("Memory")
                        .withSizeLimit(new Quantity(Long.toString(Math.max(64L << 20, launch.memoryBytes() / 4))))
                        .endEmptyDir().build(),
                new VolumeBuilder().withName("token").withNewSecret().withSecretName(JobNames.tokenSecret(launch.episodeId()))
                        .withDefaultMode(0400).endSecret().build());
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly).build();
    }

    private static SecurityContext restricted() {
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withPrivileged(false)
                .withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
                .withCapabilities(new Capabilities(null, List.of("ALL"))).build();
    }

    /** CPUs as a quantity: whole CPUs as they are, fractions in millicores. */
    static String cpu(double cpus) {
        if (cpus <= 0) {
            throw new IllegalArgumentException("a task needs a positive number of CPUs, got " + cpus);
        }
        return cpus == Math.rint(cpus) ? Long.toString((long) cpus) : Math.round(cpus * 1000) + "m";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
