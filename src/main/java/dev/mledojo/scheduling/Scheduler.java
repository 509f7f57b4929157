package dev.mledojo.scheduling;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeState;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Admits queued episodes of submissions while this instance's local launcher has capacity, in {@link FairShare} order.
 * The queue lives in PostgreSQL; a row is claimed with {@code FOR UPDATE SKIP LOCKED}, so several platform replicas
 * never admit the same episode.
 */
@ApplicationScoped
public class Scheduler {

    private static final List<EpisodeState> ACTIVE = List.of(EpisodeState.STARTING, EpisodeState.RUNNING);

    private final SchedulingConfig config;
    private final LocalLauncher launcher;
    private final PlatformInstance instance;
    private final java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();

    public Scheduler(SchedulingConfig config, LocalLauncher launcher, PlatformInstance instance) {
        this.config = config;
        this.launcher = launcher;
        this.instance = instance;
    }

    /** Stops admitting (running episodes go on); for maintenance and for tests that fill the queue first. */
    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
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
                launcher.launch(admitted, this::tick);
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "the scheduler could not admit episodes");
        }
    }

    /** Claims the next episode if there is capacity; returns its id, or null. */
    String admitOne() {
        return QuarkusTransaction.requiringNew().call(() -> {
            // the local launcher's capacity is this instance's: count what this instance runs
            long active = Episode.count("state in ?1 and submissionId is not null and runnerInstance = ?2", ACTIVE,
                    instance.id());
            if (active >= config.localCapacity()) {
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
                    e.admit(instance.id(), Instant.now().plus(config.lease()));
                    return e.id;
                }
            }
            return null;
        });
    }

    /** The head of every owner's queue (the others cannot go before it). */
    private static List<FairShare.Candidate> candidates() {
        Map<String, FairShare.Candidate> heads = new LinkedHashMap<>();
        for (Episode e : Episode.<Episode>list("state = ?1 and (notBefore is null or notBefore <= ?2) "
                + "order by priority desc, queuedAt, id", EpisodeState.QUEUED, Instant.now())) {
            heads.putIfAbsent(e.owner, new FairShare.Candidate(e.id, e.owner, e.priority, e.queuedAt));
        }
        return new ArrayList<>(heads.values());
    }

    private static Map<String, FairShare.Usage> usage() {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Map<String, int[]> counts = new HashMap<>();
        for (Episode e : Episode.<Episode>list("submissionId is not null and (state in ?1 or startedAt >= ?2)", ACTIVE, day)) {
            int[] c = counts.computeIfAbsent(e.owner, k -> new int[2]);
            if (ACTIVE.contains(e.state)) {
                c[0]++;
            }
            c[1]++;
        }
        Map<String, FairShare.Usage> usage = new HashMap<>();
        counts.forEach((owner, c) -> usage.put(owner, new FairShare.Usage(c[0], c[1], 1.0)));
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
