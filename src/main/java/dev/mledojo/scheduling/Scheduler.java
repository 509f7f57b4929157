package dev.mledojo.scheduling;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;

import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeLauncher;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.LaunchConfig;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Admits queued episodes of submissions while the configured launcher ({@code dojo.launcher}: this instance's local
 * launcher, or Kubernetes Jobs) has capacity, in {@link FairShare} order.
 * The queue lives in PostgreSQL; a row is claimed with {@code FOR UPDATE SKIP LOCKED}, so several platform replicas
 * never admit the same episode.
 */
@ApplicationScoped
public class Scheduler {


    private final SchedulingConfig config;
    private final EpisodeLauncher launcher;
    private final PlatformInstance instance;
    private final EpisodeRecovery recovery;
    private final java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();

    public Scheduler(SchedulingConfig config, Instance<EpisodeLauncher> launchers, LaunchConfig launch,
            PlatformInstance instance, EpisodeRecovery recovery) {
        this.config = config;
        this.recovery = recovery;
        this.launcher = launchers.stream().filter(l -> l.name().equals(launch.launcher())).findFirst()
                .orElseThrow(() -> new IllegalStateException("dojo.launcher is '" + launch.launcher() + "'; known: "
                        + launchers.stream().map(EpisodeLauncher::name).sorted().toList()));
        this.instance = instance;
    }

    /** The launcher episodes are admitted into. */
    public EpisodeLauncher launcher() {
        return launcher;
    }

    /** Stops admitting (running episodes go on); for maintenance and for tests that fill the queue first. */
    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
        tick();
    }

    /** Capacity was freed (an episode that runs elsewhere ended): admit what can start now. */
    public void wake() {
        tick();
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void tick() {
        if (!config.enabled() || paused.get()) {
            return;
        }
        try {
            String admitted;
            while ((admitted = admitOne()) != null) {
                try {
                    launcher.launch(admitted, this::tick);
                } catch (RuntimeException e) {
                    String id = admitted;
                    Log.errorf(e, "episode %s could not be launched (%s)", id, launcher.name());
                    QuarkusTransaction.requiringNew().run(() -> {
                        Episode failed = Episode.findById(id);
                        if (!failed.state.closed()) {
                            recovery.failForInfrastructure(failed, "the " + launcher.name() + " launcher failed: " + e);
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "the scheduler could not admit episodes");
        }
    }

    /** Claims the next episode if there is capacity; returns its id, or null. */
    String admitOne() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (launcher.active() >= launcher.capacity()) {
                return null;
            }
            Map<String, FairShare.Usage> usage = usage();
            for (FairShare.Candidate c : FairShare.sorted(candidates(), usage)) {
                if (!FairShare.mayStart(c, usage, config.perUserConcurrency())) {
                    continue; // this submitter already runs as many as one may
                }
                Episode e = Episode.<Episode>find("id", c.episodeId()).withLock(LockModeType.PESSIMISTIC_WRITE)
                        .withHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                        .firstResult();
                if (e == null) {
                    continue; // another replica is admitting it right now
                }
                // the row is ours now, but the entity was loaded (unlocked) by candidates(): read what is committed,
                // or another replica's admission a moment ago would be overwritten and the episode run twice
                Episode.getEntityManager().refresh(e);
                if (e.state == EpisodeState.QUEUED) {
                    Instant now = Instant.now();
                    e.admitTo(launcher.name(), instance.id(), launcher.lease() == null ? null : now.plus(launcher.lease()));
                    return e.id;
                }
            }
            return null;
        });
    }

    /**
     * The head of every owner's queue (the others cannot go before it): one row per owner from the database (DISTINCT
     * ON over the partial index of queued episodes), never the whole queue.
     */
    private static List<FairShare.Candidate> candidates() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Episode.getEntityManager().createNativeQuery("""
                select distinct on (owner) id, owner, priority, queued_at from episode
                where state = 'QUEUED' and (not_before is null or not_before <= ?1)
                order by owner, priority desc, queued_at, id""").setParameter(1, Instant.now()).getResultList();
        List<FairShare.Candidate> heads = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            heads.add(new FairShare.Candidate((String) r[0], (String) r[1], ((Number) r[2]).intValue(), instant(r[3])));
        }
        return heads;
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i : value instanceof java.time.OffsetDateTime o ? o.toInstant()
                : value instanceof java.sql.Timestamp t ? t.toInstant() : null;
    }

    /** Per owner of submissions: episodes running now and admitted today, counted by the database. */
    private static Map<String, FairShare.Usage> usage() {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Episode.getEntityManager().createNativeQuery("""
                select owner, count(*) filter (where state in ('STARTING', 'RUNNING')), count(*) from episode
                where submission_id is not null and (state in ('STARTING', 'RUNNING') or started_at >= ?1)
                group by owner""").setParameter(1, day).getResultList();
        Map<String, FairShare.Usage> usage = new HashMap<>();
        for (Object[] r : rows) {
            usage.put((String) r[0], new FairShare.Usage(((Number) r[1]).intValue(), ((Number) r[2]).intValue(), 1.0));
        }
        return usage;
    }

    /** 1-based position of every queued episode in the order the scheduler would admit them now (an estimate). */
    public Map<String, Integer> positions() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, FairShare.Usage> usage = new HashMap<>(usage());
            Map<String, List<Episode>> byOwner = new LinkedHashMap<>();
            for (Episode e : Episode.<Episode>list("state = ?1 order by priority desc, queuedAt, id", EpisodeState.QUEUED)) {
                byOwner.computeIfAbsent(e.owner, k -> new ArrayList<>()).add(e);
            }
            Map<String, Integer> positions = new HashMap<>();
            int position = 0;
            while (!byOwner.isEmpty()) {
                List<FairShare.Candidate> heads = byOwner.values().stream()
                        .map(l -> new FairShare.Candidate(l.get(0).id, l.get(0).owner, l.get(0).priority, l.get(0).queuedAt))
                        .toList();
                FairShare.Candidate next = FairShare.sorted(heads, usage).get(0);
                positions.put(next.episodeId(), ++position);
                List<Episode> rest = byOwner.get(next.owner());
                rest.remove(0);
                if (rest.isEmpty()) {
                    byOwner.remove(next.owner());
                }
                FairShare.Usage u = usage.getOrDefault(next.owner(), FairShare.Usage.NONE);
                usage.put(next.owner(), new FairShare.Usage(u.running(), u.admittedInWindow() + 1, u.weight()));
            }
            return positions;
        });
    }
}
