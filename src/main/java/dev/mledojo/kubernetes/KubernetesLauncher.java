package dev.mledojo.kubernetes;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;

import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeLauncher;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.EpisodesCancelled;
import dev.mledojo.episode.LaunchConfig;
import dev.mledojo.task.MemoryQuantity;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskVersion;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs each admitted episode as one Kubernetes Job with its token in a per-episode Secret (see {@link JobSpecBuilder}).
 * Creating is idempotent (a Job that already exists was launched before a crash), cancelling deletes the Job with
 * background propagation and its Secret. The episode is watched by the cluster reconciler, not by the lease sweep.
 * The client is only touched when {@code dojo.launcher=kubernetes}.
 */
@ApplicationScoped
public class KubernetesLauncher implements EpisodeLauncher {

    public static final String NAME = "kubernetes";

    private final KubernetesConfig config;
    private final LaunchConfig launch;
    private final Instance<KubernetesClient> clients;

    public KubernetesLauncher(KubernetesConfig config, LaunchConfig launch, Instance<KubernetesClient> clients) {
        this.config = config;
        this.launch = launch;
        this.clients = clients;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int capacity() {
        return config.capacity();
    }

    @Override
    public long active() {
        return Episode.count("state in ?1 and submissionId is not null and launcher = ?2",
                List.of(EpisodeState.STARTING, EpisodeState.RUNNING), NAME);
    }

    @Override
    public Duration lease() {
        return null; // the reconciler watches the Job instead
    }

    /** The launcher's settings as plain values (namespace defaults to the client's). */
    public KubernetesSettings settings() {
        String image = config.runnerImage().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "dojo.kubernetes.runner-image (env DOJO_KUBERNETES_RUNNER_IMAGE) is required with dojo.launcher=kubernetes"));
        String url = config.platformUrl().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "dojo.kubernetes.platform-url (env DOJO_KUBERNETES_PLATFORM_URL) is required with dojo.launcher=kubernetes"));
        return new KubernetesSettings(namespace(), config.instance(), image, config.imagePullPolicy(),
                config.imagePullSecrets().orElse(List.of()), config.serviceAccount(), url,
                config.runtimeClassName().orElse(null), config.gpuRuntimeClassName().orElse(null), config.nodeSelector(),
                config.gpuNodeSelector(), Tolerations.parse(config.tolerations().orElse(List.of())),
                Tolerations.parse(config.gpuTolerations().orElse(List.of())), config.gpuResource(),
                config.priorityClassName().orElse(null), config.queueName().orElse(null),
                MemoryQuantity.bytes(config.runnerOverheadMemory()), config.ephemeralStorage(), config.dataAllowance(),
                config.deadlineGrace(), config.ttlAfterFinished(), config.startTimeout(), config.queueTimeout().orElse(null),
                config.heartbeatTimeout());
    }

    private String namespace() {
        return config.namespace().filter(s -> !s.isBlank()).orElseGet(() -> clients.get().getNamespace());
    }

    /**
     * Creates the episode's token Secret and Job. Throws when the cluster refuses (the scheduler then fails the episode
     * for the infrastructure and queues a retry); {@code whenDone} is called when the reconciler closes the episode.
     */
    @Override
    public void launch(String episodeId, Runnable whenDone) {
        KubernetesSettings settings = settings();
        record Minted(EpisodeLaunch launch, String token) {
        }
        Minted minted = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(episodeId);
            TaskDefinition d = TaskVersion.<TaskVersion>findById(e.taskVersionId).definition;
            TaskVersion v = TaskVersion.findById(e.taskVersionId);
            return new Minted(new EpisodeLaunch(e.id, e.attempt, e.submissionId, e.agentVersionId, e.owner, e.taskSlug,
                    v.contentHash, d.resources().cpu(), d.resources().memoryBytes(), d.resources().gpu(),
                    e.wallTimeSeconds), e.issueToken());
        });
        JobSpecBuilder builder = new JobSpecBuilder(settings);
        KubernetesClient client = clients.get();
        Secret secret = builder.tokenSecret(minted.launch(), minted.token());
        try {
            client.secrets().inNamespace(settings.namespace()).resource(secret).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // left by a launch that crashed before its commit: the token was minted again, so replace it
            client.secrets().inNamespace(settings.namespace()).withName(secret.getMetadata().getName()).delete();
            client.secrets().inNamespace(settings.namespace()).resource(secret).create();
        }
        Job job = builder.job(minted.launch());
        try {
            client.batch().v1().jobs().inNamespace(settings.namespace()).resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            Log.infof("episode %s: its Job %s exists already (launched before a restart)", episodeId,
                    job.getMetadata().getName());
        }
    }

    /** Deletes the Jobs and Secrets of cancelled episodes once their cancellation committed. */
    void onCancelled(@Observes(during = TransactionPhase.AFTER_SUCCESS) EpisodesCancelled cancelled) {
        if (!NAME.equals(launch.launcher()) || cancelled.episodeIds().isEmpty()) {
            return;
        }
        cancelled(cancelled.episodeIds());
    }

    @Override
    public void cancelled(List<String> episodeIds) {
        KubernetesClient client = clients.get();
        String namespace = namespace();
        for (String id : episodeIds) {
            try {
                client.batch().v1().jobs().inNamespace(namespace).withName(JobNames.job(id))
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
                client.secrets().inNamespace(namespace).withName(JobNames.tokenSecret(id)).delete();
            } catch (KubernetesClientException e) {
                // the reconciler deletes what is left of a closed episode
                Log.warnf(e, "episode %s: could not delete its Job and Secret now", id);
            }
        }
    }
}
