package dev.mledojo.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;

class JobSpecBuilderTest {

    static final String EPISODE = "3f2b8c1e-6a0d-4c55-9a51-0d7c1e2f9b10";
    static final EpisodeLaunch CPU_TASK = new EpisodeLaunch(EPISODE, 2, 41L, 7L, "ann@example.org",
            "Practice_Tabular Binary!", "c0ffee", 2.0, 4L << 30, 0, 3600);
    static final EpisodeLaunch GPU_TASK = new EpisodeLaunch(EPISODE, 1, 41L, 7L, "ann@example.org", "gpu-task", "c0ffee",
            0.5, 8L << 30, 1, 600);

    static final KubernetesSettings SETTINGS = new KubernetesSettings("episodes", "dojo-prod",
            "registry.example/mle-dojo@sha256:abc", "IfNotPresent", List.of("pull-secret"), "mle-dojo-runner",
            "http://mle-dojo.dojo.svc:8080", "gvisor", "nvidia", Map.of("pool", "cpu"), Map.of("pool", "gpu"),
            List.of(new Toleration("NoSchedule", "cpu-only", "Exists", null, null)),
            List.of(new Toleration("NoSchedule", "nvidia.com/gpu", "Exists", null, null)), "nvidia.com/gpu",
            "episodes-low", null, 512L << 20, "10Gi", Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofHours(24),
            Duration.ofMinutes(15), null, Duration.ofMinutes(5));

    final JobSpecBuilder builder = new JobSpecBuilder(SETTINGS);

    static Container container(Job job, String name) {
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        return java.util.stream.Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theJobRunsOncePerEpisodeWithADeadlineAndATtl() {
        Job job = builder.job(CPU_TASK);
        assertThat(job.getMetadata().getName()).isEqualTo("ep-" + EPISODE);
        assertThat(job.getMetadata().getNamespace()).isEqualTo("episodes");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600 + 3600 + 120);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(24 * 3600);
        assertThat(job.getSpec().getSuspend()).as("no Kueue queue configured").isNull();
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("mledojo.dev/task-version", "c0ffee")
                .containsEntry("mledojo.dev/agent-version", "7");
    }

    @Test
    void labelsIdentifyTheEpisodeAndNeverNameThePerson() {
        Map<String, String> labels = builder.job(CPU_TASK).getMetadata().getLabels();
        assertThat(labels).containsEntry("app.kubernetes.io/managed-by", "mle-dojo")
                .containsEntry("app.kubernetes.io/instance", "dojo-prod").containsEntry("mledojo.dev/episode", EPISODE)
                .containsEntry("mledojo.dev/submission", "41").containsEntry("mledojo.dev/attempt", "2")
                .containsEntry("mledojo.dev/task", "Practice_Tabular-Binary")
                .containsEntry("mledojo.dev/owner", JobNames.ownerHash("ann@example.org"));
        assertThat(labels.values()).noneMatch(v -> v.contains("ann")).allMatch(v -> v.length() <= 63);
        assertThat(builder.job(CPU_TASK).getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("mledojo.dev/episode", EPISODE).doesNotContainKey("kueue.x-k8s.io/queue-name");
    }

    @Test
    void thePodIsLockedDown() {
        Job job = builder.job(CPU_TASK);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("mle-dojo-runner");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("pull-secret");
        for (Container c : List.of(container(job, "fetch-data"), container(job, "runner"))) {
            assertThat(c.getImage()).isEqualTo("registry.example/mle-dojo@sha256:abc");
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(c.getSecurityContext().getPrivileged()).as(c.getName()).isFalse();
            assertThat(c.getSecurityContext().getRunAsNonRoot()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
        }
    }

    @Test
    void theTokenIsAMountedSecretFileNeverAnEnvironmentVariable() {
        Job job = builder.job(CPU_TASK);
        Volume token = job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("token")).findFirst().orElseThrow();
        assertThat(token.getSecret().getSecretName()).isEqualTo("ep-" + EPISODE + "-token");
        assertThat(token.getSecret().getDefaultMode()).isEqualTo(0400);
        for (String name : List.of("fetch-data", "runner")) {
            Container c = container(job, name);
            assertThat(c.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("token");
                assertThat(m.getMountPath()).isEqualTo("/var/run/mle-dojo");
                assertThat(m.getReadOnly()).isTrue();
            });
            assertThat(c.getEnv()).extracting(EnvVar::getName).contains("DOJO_EPISODE_TOKEN_FILE")
                    .doesNotContain("DOJO_EPISODE_TOKEN");
            assertThat(c.getEnv()).noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null);
            assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("DOJO_EPISODE_TOKEN_FILE"))
                    .extracting(EnvVar::getValue).containsExactly("/var/run/mle-dojo/token");
        }
        assertThat(container(job, "fetch-data").getEnv()).filteredOn(e -> e.getName().equals("DOJO_ROLE"))
                .extracting(EnvVar::getValue).containsExactly("fetch-data");
        assertThat(container(job, "runner").getEnv()).filteredOn(e -> e.getName().equals("DOJO_ROLE"))
                .extracting(EnvVar::getValue).containsExactly("runner");
        assertThat(container(job, "runner").getEnv()).filteredOn(e -> e.getName().equals("DOJO_POD_UID"))
                .allSatisfy(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.uid"));
        // the data is writable for the init container only
        assertThat(container(job, "runner").getVolumeMounts()).filteredOn(m -> m.getName().equals("data"))
                .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
        assertThat(container(job, "fetch-data").getVolumeMounts()).filteredOn(m -> m.getName().equals("data"))
                .allSatisfy(m -> assertThat(m.getReadOnly()).isFalse());

        Secret secret = builder.tokenSecret(CPU_TASK, "mle_ep_secret");
        assertThat(secret.getMetadata().getName()).isEqualTo("ep-" + EPISODE + "-token");
        assertThat(secret.getMetadata().getLabels()).containsEntry("mledojo.dev/episode", EPISODE);
        assertThat(secret.getData()).containsOnlyKeys("token");
        assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("token")),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("mle_ep_secret");
        assertThat(secret.getStringData()).isNullOrEmpty();
        assertThat(secret.getImmutable()).isTrue();
    }

    @Test
    void requestsEqualLimitsFromTheTaskProfile() {
        Container runner = container(builder.job(CPU_TASK), "runner");
        assertThat(runner.getResources().getRequests()).isEqualTo(runner.getResources().getLimits());
        Map<String, Quantity> limits = runner.getResources().getLimits();
        assertThat(limits.get("cpu")).isEqualTo(new Quantity("2"));
        assertThat(Quantity.getAmountInBytes(limits.get("memory")).longValueExact()).isEqualTo((4L << 30) + (512L << 20));
        assertThat(limits.get("ephemeral-storage")).isEqualTo(new Quantity("10Gi"));
        assertThat(limits).doesNotContainKey("nvidia.com/gpu");
        PodSpec pod = builder.job(CPU_TASK).getSpec().getTemplate().getSpec();
        assertThat(pod.getRuntimeClassName()).isEqualTo("gvisor");
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("pool", "cpu"));
        assertThat(pod.getTolerations()).extracting(Toleration::getKey).containsExactly("cpu-only");
        assertThat(pod.getPriorityClassName()).isEqualTo("episodes-low");
        Container init = container(builder.job(CPU_TASK), "fetch-data");
        assertThat(init.getResources().getRequests()).isEqualTo(init.getResources().getLimits());
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("workspace"))
                .allSatisfy(v -> assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("10Gi")));
    }

    @Test
    void aGpuTaskGetsItsGpuRuntimeNodesAndTolerations() {
        PodSpec pod = builder.job(GPU_TASK).getSpec().getTemplate().getSpec();
        Map<String, Quantity> limits = container(builder.job(GPU_TASK), "runner").getResources().getLimits();
        assertThat(limits.get("nvidia.com/gpu")).isEqualTo(new Quantity("1"));
        assertThat(limits.get("cpu")).isEqualTo(new Quantity("500m"));
        assertThat(pod.getRuntimeClassName()).isEqualTo("nvidia");
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("pool", "gpu"));
        assertThat(pod.getTolerations()).extracting(Toleration::getKey).containsExactly("nvidia.com/gpu");
    }

    @Test
    void aKueueQueueCreatesTheJobSuspendedWithItsLabel() {
        KubernetesSettings queued = KubernetesSettings.defaults("episodes", "dojo", "img", "http://p:8080");
        queued = new KubernetesSettings(queued.namespace(), queued.instance(), queued.runnerImage(), queued.imagePullPolicy(),
                queued.imagePullSecrets(), queued.serviceAccount(), queued.platformUrl(), null, null, Map.of(), Map.of(),
                List.of(), List.of(), queued.gpuResource(), null, "team-a", queued.runnerOverheadMemoryBytes(),
                queued.ephemeralStorage(), queued.dataAllowance(), queued.deadlineGrace(), queued.ttlAfterFinished(),
                queued.startTimeout(), Duration.ofHours(1), queued.heartbeatTimeout());
        Job job = new JobSpecBuilder(queued).job(CPU_TASK);
        assertThat(job.getSpec().getSuspend()).isTrue();
        assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-a");
        assertThat(job.getSpec().getTemplate().getSpec().getRuntimeClassName()).isNull();
    }

    @Test
    void theSpecIsValidKubernetesJson() {
        String yaml = Serialization.asYaml(builder.job(CPU_TASK));
        Job back = Serialization.unmarshal(yaml, Job.class);
        assertThat(Serialization.asYaml(back)).isEqualTo(yaml);
        assertThat(yaml).contains("kind: \"Job\"").contains("apiVersion: \"batch/v1\"");
    }

    @Test
    void cpuQuantities() {
        assertThat(JobSpecBuilder.cpu(1)).isEqualTo("1");
        assertThat(JobSpecBuilder.cpu(0.25)).isEqualTo("250m");
        assertThat(JobSpecBuilder.cpu(1.5)).isEqualTo("1500m");
        assertThatThrownBy(() -> JobSpecBuilder.cpu(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
