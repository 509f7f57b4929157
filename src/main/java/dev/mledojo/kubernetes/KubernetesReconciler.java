package dev.mledojo.kubernetes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;

import dev.mledojo.account.AccountService;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeService;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.FailureReason;
import dev.mledojo.episode.LaunchConfig;
import dev.mledojo.scheduling.EpisodeRecovery;
import dev.mledojo.scheduling.Scheduler;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps Kubernetes episodes in step with their Jobs and Pods: informers on this installation's Jobs and Pods enqueue the
 * episode an event concerns; a worker reconciles it from the informer caches through {@link JobStatusMapper} and applies
 * the transition as a compare-and-set on the episode row (so several replicas may reconcile the same episode). After
 * the informers synced, and every {@code dojo.kubernetes.resync}, every open Kubernetes episode and every labelled Job
 * is reconciled: episodes whose Job is gone are failed and retried, Jobs of closed episodes are deleted. A platform
 * restart never fails an episode whose Job still exists.
 */
@ApplicationScoped
public class KubernetesReconciler {

    private static final List<EpisodeState> OPEN = List.of(EpisodeState.STARTING, EpisodeState.RUNNING);

    private final KubernetesLauncher launcher;
    private final LaunchConfig launch;
    private final Instance<KubernetesClient> clients;
    private final EpisodeService episodes;
    private final EpisodeRecovery recovery;
    private final AccountService accounts;
    private final Scheduler scheduler;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dojo-k8s-reconcile");
        t.setDaemon(true);
        return t;
    });
    private volatile SharedIndexInformer<Job> jobs;
    private volatile SharedIndexInformer<Pod> pods;
    private volatile KubernetesSettings settings;

    public KubernetesReconciler(KubernetesLauncher launcher, LaunchConfig launch, Instance<KubernetesClient> clients,
            EpisodeService episodes, EpisodeRecovery recovery, AccountService accounts, Scheduler scheduler) {
        this.launcher = launcher;
        this.launch = launch;
        this.clients = clients;
        this.episodes = episodes;
        this.recovery = recovery;
        this.accounts = accounts;
        this.scheduler = scheduler;
    }

    void onStart(@Observes StartupEvent event) {
        if (KubernetesLauncher.NAME.equals(launch.launcher())) {
            start();
        }
    }

    /** Starts the informers (they list, then watch; a watch broken by 410 Gone re-lists) and reconciles everything. */
    synchronized void start() {
        if (jobs != null) {
            return;
        }
        settings = launcher.settings();
        // sorted: the list and watch requests are the same on every start (tests script them)
        Map<String, String> selector = new java.util.TreeMap<>(Map.of(JobNames.MANAGED_BY, JobNames.MANAGER,
                JobNames.INSTANCE, JobNames.labelValue(settings.instance())));
        KubernetesClient client = clients.get();
        jobs = client.batch().v1().jobs().inNamespace(settings.namespace()).withLabels(selector).inform(handler(), 0);
        pods = client.pods().inNamespace(settings.namespace()).withLabels(selector).inform(handler(), 0);
        Log.infof("watching episode Jobs and Pods in namespace %s (instance %s)", settings.namespace(), settings.instance());
        reconcileAll();
    }

    /** Whether the informers have listed what exists (before that, every episode would look Job-less). */
    public boolean synced() {
        return jobs != null && pods != null && jobs.hasSynced() && pods.hasSynced();
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                enqueue(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                enqueue(obj);
            }
        };
    }

    private void enqueue(HasMetadata obj) {
        String episode = obj.getMetadata().getLabels() == null ? null : obj.getMetadata().getLabels().get(JobNames.EPISODE);
        if (episode != null && queued.add(episode)) {
            worker.submit(() -> {
                queued.remove(episode);
                try {
                    reconcile(episode);
                } catch (RuntimeException e) {
                    Log.errorf(e, "episode %s could not be reconciled; the next resync tries again", episode);
                }
            });
        }
    }

    @Scheduled(every = "${dojo.kubernetes.resync:60s}", delayed = "${dojo.kubernetes.resync:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resync() {
        if (synced()) {
            try {
                reconcileAll();
            } catch (RuntimeException e) {
                Log.errorf(e, "the Kubernetes resync failed");
            }
        }
    }

    /** Reconciles every open Kubernetes episode and every Job of this installation. */
    public void reconcileAll() {
        if (!synced()) {
            return;
        }
        List<String> open = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>list(
                "launcher = ?1 and state in ?2", KubernetesLauncher.NAME, OPEN).stream().map(e -> e.id).toList());
        open.forEach(this::reconcile);
        for (Job job : jobs.getStore().list()) {
            String episode = job.getMetadata().getLabels().get(JobNames.EPISODE);
            if (episode != null && !open.contains(episode)) {
                reconcile(episode);
            }
        }
    }

    /** Reads the episode and its Job and Pods, and applies what they mean. */
    public void reconcile(String episodeId) {
        if (!synced()) {
            return;
        }
        record Row(EpisodeState state, String launcher, Instant startedAt, Instant lastStep, Instant heartbeat,
                Instant endedAt, Instant admittedAt) {
        }
        Row row = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(episodeId);
            if (e == null) {
                return null;
            }
            Instant lastStep = Episode.getEntityManager().createQuery(
                    "select max(s.startedAt) from EpisodeStep s where s.episodeId = ?1", Instant.class)
                    .setParameter(1, episodeId).getSingleResult();
            return new Row(e.state, e.launcher, e.startedAt, lastStep, e.lastHeartbeatAt, e.endedAt, e.admittedAt);
        });
        Optional<Job> job = Optional.ofNullable(jobs.getStore().getByKey(settings.namespace() + "/" + JobNames.job(episodeId)));
        if (job.isEmpty() && row != null && !row.state().closed() && KubernetesLauncher.NAME.equals(row.launcher())) {
            // the informer may not have seen a Job created a moment ago: ask the API server before calling it gone
            job = Optional.ofNullable(clients.get().batch().v1().jobs().inNamespace(settings.namespace())
                    .withName(JobNames.job(episodeId)).get());
        }
        if (row == null || !KubernetesLauncher.NAME.equals(row.launcher())) {
            job.ifPresent(j -> delete(episodeId, true)); // a Job whose episode is unknown here: an orphan
            return;
        }
        List<Pod> episodePods = pods.getStore().list().stream()
                .filter(p -> episodeId.equals(p.getMetadata().getLabels().get(JobNames.EPISODE))).toList();
        Instant launchedAt = job.map(j -> j.getMetadata().getCreationTimestamp()).map(t -> OffsetDateTime.parse(t).toInstant())
                .orElse(Instant.now());
        Instant lastSign = java.util.stream.Stream.of(row.startedAt(), row.lastStep(), row.heartbeat())
                .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
        new JobStatusMapper(settings).map(new JobStatusMapper.EpisodeFacts(row.state(), launchedAt, lastSign,
                row.endedAt(), row.admittedAt()), job,
                episodePods, Instant.now()).ifPresent(t -> apply(episodeId, row.state(), t));
    }

    /** Applies a transition if the episode is still as it was read (compare-and-set: another replica may be first). */
    void apply(String episodeId, EpisodeState seen, Transition t) {
        if (t.target() == null) {
            delete(episodeId, t.deleteJob());
            return;
        }
        boolean applied;
        if (t.target() == EpisodeState.FINISHED) {
            episodes.finish(episodeId, t.detail()); // the same close as the local wall-time budget: best submission
            applied = true;
        } else {
            applied = QuarkusTransaction.requiringNew().call(() -> {
                Episode e = Episode.findById(episodeId, LockModeType.PESSIMISTIC_WRITE);
                if (e.state != seen || e.state.closed()) {
                    return false;
                }
                if (t.reason() == FailureReason.INFRA_ERROR && t.retry()) {
                    recovery.failForInfrastructure(e, t.detail());
                } else {
                    e.fail(t.reason(), t.detail());
                    if (t.reason() == FailureReason.INFRA_ERROR) {
                        accounts.refundEpisode(e.id); // the platform's configuration failed, not the submitter
                    }
                }
                return true;
            });
        }
        if (applied) {
            Log.infof("episode %s: %s%s (%s)", episodeId, t.target(), t.reason() == null ? "" : " " + t.reason(), t.detail());
            delete(episodeId, t.deleteJob());
            scheduler.wake();
        }
    }

    /** Deletes the token Secret of a closed episode, and its Job when asked (a finished Job stays until its TTL). */
    private void delete(String episodeId, boolean job) {
        KubernetesClient client = clients.get();
        try {
            if (job) {
                client.batch().v1().jobs().inNamespace(settings.namespace()).withName(JobNames.job(episodeId))
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
            client.secrets().inNamespace(settings.namespace()).withName(JobNames.tokenSecret(episodeId)).delete();
        } catch (KubernetesClientException e) {
            Log.warnf(e, "episode %s: could not clean up its Job or Secret now; the resync tries again", episodeId);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
        if (jobs != null) {
            jobs.close();
        }
        if (pods != null) {
            pods.close();
        }
    }
}
