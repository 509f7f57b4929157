package dev.mledojo.scheduling;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;

import dev.mledojo.account.AccountService;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeState;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Recovers episodes of submissions whose runner died: their platform instance was killed, so the heartbeat lease
 * stopped being renewed. Every instance sweeps periodically and fails (with {@code INFRA_ERROR}, queuing a retry) only
 * episodes whose lease expired, never those whose runner is alive on another replica; an instance that starts fails
 * at once the episodes recorded under its own name (its previous process cannot be running them). Episodes launched
 * outside the platform (e.g. Kubernetes Jobs) are left to their launcher. Recorded steps stay as they were.
 */
@ApplicationScoped
public class EpisodeRecovery {

    private static final List<EpisodeState> ACTIVE = List.of(EpisodeState.STARTING, EpisodeState.RUNNING);

    private final SchedulingConfig scheduling;
    private final PlatformInstance instance;
    private final AccountService accounts;

    public EpisodeRecovery(SchedulingConfig scheduling, PlatformInstance instance, AccountService accounts) {
        this.scheduling = scheduling;
        this.instance = instance;
        this.accounts = accounts;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        // Usually there is nothing to recover: one SQL query says so, and the HQL queries below (whose first parse
        // costs the HQL parser's warm-up, about half a second of a start's critical path) run only when there is.
        if (!anyToRecover(instance.id(), Instant.now())) {
            return;
        }
        int own = recover("runnerInstance = ?1", instance.id());
        if (own > 0) {
            Log.warnf("%d episodes were interrupted by this instance's last shutdown: failed with INFRA_ERROR and re-queued",
                    own);
        }
        sweep();
    }

    /**
     * Whether an active local episode of a submission was run by {@code instanceId} or has a lease expired at
     * {@code now}: what {@link #recover} looks for at startup, without locking.
     */
    boolean anyToRecover(String instanceId, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) Episode.getEntityManager().createNativeQuery("""
                select exists (select 1 from episode where submission_id is not null and launcher = ?1
                  and state in ('STARTING', 'RUNNING')
                  and (runner_instance = ?2 or lease_until is null or lease_until < ?3))""")
                .setParameter(1, Episode.LOCAL_LAUNCHER).setParameter(2, instanceId).setParameter(3, now)
                .getSingleResult());
    }

    @Scheduled(every = "${dojo.scheduling.sweep-every:10s}", delayed = "${dojo.scheduling.sweep-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            Log.errorf(e, "the lease sweep failed; it runs again in %s", scheduling.sweepEvery());
        }
    }

    /** Fails and re-queues every locally launched episode whose runner's lease expired; returns how many. */
    public int sweep() {
        int swept = recover("(leaseUntil is null or leaseUntil < ?1)", Instant.now());
        if (swept > 0) {
            Log.warnf("%d episodes lost their runner (lease expired): failed with INFRA_ERROR and re-queued", swept);
        }
        return swept;
    }

    /**
     * Fails the active local episodes of submissions that match {@code condition} (on parameter {@code ?1}), each row
     * locked with SKIP LOCKED so that one replica takes it and a step being recorded is left for the next sweep.
     */
    private int recover(String condition, Object value) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Episode> lost = Episode.<Episode>find("submissionId is not null and launcher = ?2 and state in ?3 and "
                    + condition, value, Episode.LOCAL_LAUNCHER, ACTIVE)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .withHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                    .list();
            for (Episode e : lost) {
                failForInfrastructure(e, "the platform instance running it (" + e.runnerInstance + ") stopped");
            }
            return lost.size();
        });
    }

    /**
     * The platform failed this episode: it ends with INFRA_ERROR and, unless it already failed too often, is queued
     * again; the quota charge moves to the retry or is refunded. Runs in the caller's transaction.
     */
    public void failForInfrastructure(Episode e, String detail) {
        Episode retry = e.failForInfrastructure(detail, scheduling.maxAttempts());
        if (retry == null) {
            accounts.refundEpisode(e.id);
        } else {
            accounts.moveEpisodeCharge(e.id, retry.id);
        }
    }
}
