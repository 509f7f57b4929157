package dev.mledojo.episode;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mledojo.scheduling.SchedulingConfig;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * After a crash or a kill, episodes of submissions that were starting or running cannot continue (their runner died
 * with the process, and the sandbox with it): each is failed with {@code INFRA_ERROR} and a fresh attempt is queued.
 * Its recorded steps stay as they were; nothing is duplicated. Interactive episodes are left for their researcher.
 */
@ApplicationScoped
public class EpisodeRecovery {

    private final SchedulingConfig scheduling;

    public EpisodeRecovery(SchedulingConfig scheduling) {
        this.scheduling = scheduling;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        int recovered = recover();
        if (recovered > 0) {
            Log.warnf("%d episodes were interrupted by the last shutdown: failed with INFRA_ERROR and re-queued", recovered);
        }
    }

    /** Fails and re-queues every interrupted episode of a submission; returns how many. */
    public int recover() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Episode> interrupted = Episode.list("submissionId is not null and state in ?1",
                    List.of(EpisodeState.STARTING, EpisodeState.RUNNING));
            for (Episode e : interrupted) {
                e.failForInfrastructure("the platform stopped while the episode ran", scheduling.maxAttempts());
            }
            return interrupted.size();
        });
    }
}
