package dev.mledojo.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Toleration;

/**
 * What the Kubernetes launcher is configured with, as plain values (so the Job spec and the state mapping are pure and
 * unit-tested without a container).
 *
 * @param instance the installation's name, the value of {@code app.kubernetes.io/instance} on everything it creates
 * @param runnerOverheadMemoryBytes added to the task's memory: the runner JVM next to the agent's code
 * @param dataAllowance added to the Job's deadline for the public data download
 * @param startTimeout how long an episode may wait for a node, an image and its data before it is failed
 * @param queueTimeout how long a Job may stay suspended by Kueue (null: no limit)
 */
public record KubernetesSettings(String namespace, String instance, String runnerImage, String imagePullPolicy,
        List<String> imagePullSecrets, String serviceAccount, String platformUrl, String runtimeClassName,
        String gpuRuntimeClassName, Map<String, String> nodeSelector, Map<String, String> gpuNodeSelector,
        List<Toleration> tolerations, List<Toleration> gpuTolerations, String gpuResource, String priorityClassName,
        String queueName, long runnerOverheadMemoryBytes, String ephemeralStorage, Duration dataAllowance,
        Duration deadlineGrace, Duration ttlAfterFinished, Duration startTimeout, Duration queueTimeout,
        Duration heartbeatTimeout) {

    /** How long an image that cannot be pulled is given before the episode is failed (a typo does not heal). */
    public static final Duration IMAGE_PULL_GRACE = Duration.ofMinutes(2);

    /** How long a container that cannot be configured (e.g. its token Secret is missing) is given. */
    public static final Duration CONFIG_ERROR_GRACE = Duration.ofMinutes(1);

    public KubernetesSettings {
        imagePullSecrets = List.copyOf(imagePullSecrets);
        nodeSelector = Map.copyOf(nodeSelector);
        gpuNodeSelector = Map.copyOf(gpuNodeSelector);
        tolerations = List.copyOf(tolerations);
        gpuTolerations = List.copyOf(gpuTolerations);
    }

    /** Defaults for everything but where the runner image is and how it reaches the platform. */
    public static KubernetesSettings defaults(String namespace, String instance, String runnerImage, String platformUrl) {
        return new KubernetesSettings(namespace, instance, runnerImage, "IfNotPresent", List.of(), "mle-dojo-runner",
                platformUrl, null, null, Map.of(), Map.of(), List.of(), List.of(), "nvidia.com/gpu", null, null,
                512L << 20, "10Gi", Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofHours(24),
                Duration.ofMinutes(15), null, Duration.ofMinutes(5));
    }
}
