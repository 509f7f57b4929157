package dev.mledojo.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** How episodes run as Kubernetes Jobs ({@code dojo.launcher=kubernetes}); the Helm chart sets these as env vars. */
@ConfigMapping(prefix = "dojo.kubernetes")
public interface KubernetesConfig {

    /** Where Jobs and token Secrets go (default: the namespace of the platform's client). */
    Optional<String> namespace();

    /** The value of {@code app.kubernetes.io/instance} (the chart's release name): several installations may share a namespace. */
    @WithDefault("mle-dojo")
    String instance();

    /** The image of the runner (the platform's own image, by digest in production). */
    @WithName("runner-image")
    Optional<String> runnerImage();

    @WithName("image-pull-policy")
    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    @WithName("image-pull-secrets")
    Optional<List<String>> imagePullSecrets();

    @WithName("service-account")
    @WithDefault("mle-dojo-runner")
    String serviceAccount();

    /** The URL the runner and the agent use to reach the platform, e.g. {@code http://mle-dojo.dojo.svc:8080}. */
    @WithName("platform-url")
    Optional<String> platformUrl();

    /** Episodes with a live Job at once. */
    @WithDefault("4")
    int capacity();

    @WithName("runtime-class-name")
    Optional<String> runtimeClassName();

    @WithName("gpu-runtime-class-name")
    Optional<String> gpuRuntimeClassName();

    @WithName("node-selector")
    Map<String, String> nodeSelector();

    @WithName("gpu-node-selector")
    Map<String, String> gpuNodeSelector();

    /** Taints to tolerate, as kubectl writes them: {@code key=value:Effect} or {@code key:Effect}. */
    Optional<List<String>> tolerations();

    @WithName("gpu-tolerations")
    Optional<List<String>> gpuTolerations();

    @WithName("gpu-resource")
    @WithDefault("nvidia.com/gpu")
    String gpuResource();

    @WithName("priority-class-name")
    Optional<String> priorityClassName();

    /** A Kueue LocalQueue: Jobs are created suspended with its label and Kueue admits them. */
    @WithName("queue-name")
    Optional<String> queueName();

    @WithName("runner-overhead-memory")
    @WithDefault("512Mi")
    String runnerOverheadMemory();

    @WithName("ephemeral-storage")
    @WithDefault("10Gi")
    String ephemeralStorage();

    @WithName("data-allowance")
    @WithDefault("10m")
    Duration dataAllowance();

    @WithName("deadline-grace")
    @WithDefault("2m")
    Duration deadlineGrace();

    @WithName("ttl-after-finished")
    @WithDefault("24h")
    Duration ttlAfterFinished();

    @WithName("start-timeout")
    @WithDefault("15m")
    Duration startTimeout();

    @WithName("queue-timeout")
    Optional<Duration> queueTimeout();

    @WithName("heartbeat-timeout")
    @WithDefault("5m")
    Duration heartbeatTimeout();
}
