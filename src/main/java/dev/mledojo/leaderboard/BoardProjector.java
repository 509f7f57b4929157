package dev.mledojo.leaderboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.episode.AgentMessage;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.FailureReason;
import dev.mledojo.grading.Medal;
import dev.mledojo.task.TaskVersion;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the board projection up to date: ended episodes of submissions are marked pending by the database (their
 * {@code projected_at} is empty); every second, and whenever asked, the projector claims a batch of them ({@code FOR
 * UPDATE SKIP LOCKED}, so replicas share the work), recomputes the entry of each (agent version, task) they belong to
 * from all of that pair's counted runs, upserts it with a new board version, and marks the batch projected, all in one
 * transaction. Recomputing the pair (not adding to it) makes the work idempotent and safe with several replicas.
 */
@ApplicationScoped
public class BoardProjector {

    static final int BATCH = 200;

    private final EntityManager em;
    private final ObjectMapper json;
    private final LeaderboardConfig config;
    private final jakarta.enterprise.inject.Instance<LeaderboardService> boards;

    public BoardProjector(EntityManager em, ObjectMapper json, LeaderboardConfig config,
            jakarta.enterprise.inject.Instance<LeaderboardService> boards) {
        this.em = em;
        this.json = json;
        this.config = config;
        this.boards = boards;
    }

    @Scheduled(every = "${dojo.leaderboard.project-every}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            project();
        } catch (RuntimeException e) {
            Log.warnf(e, "the board projection could not be updated now; it is retried in %s", config.projectEvery());
        }
    }

    /**
     * Folds every ended, unprojected episode into its board entry, then (when anything changed) computes the overall
     * board's snapshot for the new version, so that pages only read; returns how many episodes it projected.
     */
    public int project() {
        int total = projectEntries();
        boards.get().snapshotAll(); // when the projection moved past the newest snapshot (episodes, rebuilds)
        return total;
    }

    /** Folds every ended, unprojected episode into its board entry (no snapshot); returns how many. */
    public int projectEntries() {
        int total = 0;
        while (true) {
            int n = QuarkusTransaction.requiringNew().call(this::batch);
            total += n;
            if (n < BATCH) {
                break;
            }
        }
        return total;
    }

    /** Rebuilds the whole projection from the episodes (an admin action); returns the number of episodes projected. */
    public int rebuild() {
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("delete from board_entry").executeUpdate();
            em.createNativeQuery("select nextval('board_version_seq')").getSingleResult(); // an empty board is a version
            em.createNativeQuery("update episode set projected_at = null where agent_version_id is not null "
                    + "and state in ('FINISHED', 'FAILED', 'CANCELLED')").executeUpdate();
        });
        return project();
    }

    private int batch() {
        @SuppressWarnings("unchecked")
        List<Object[]> pending = em.createNativeQuery("""
                select id, agent_version_id, task_slug from episode
                where projected_at is null and agent_version_id is not null
                  and state in ('FINISHED', 'FAILED', 'CANCELLED')
                order by ended_at limit ?1 for update skip locked""").setParameter(1, BATCH).getResultList();
        if (pending.isEmpty()) {
            return 0;
        }
        record Pair(long agentVersion, String task) {
        }
        Set<Pair> pairs = new LinkedHashSet<>();
        List<String> ids = new ArrayList<>();
        for (Object[] row : pending) {
            ids.add((String) row[0]);
            pairs.add(new Pair(((Number) row[1]).longValue(), (String) row[2]));
        }
        for (Pair p : pairs) {
            recompute(p.agentVersion(), p.task());
        }
        em.createNativeQuery("update episode set projected_at = ?1 where id in (?2)").setParameter(1, Instant.now())
                .setParameter(2, ids).executeUpdate();
        return ids.size();
    }

    /** A projected run as the board statistics read it (fields missing from older entries count as none). */
    static dev.mledojo.leaderboard.stats.BoardStats.Run statsRun(BoardEntry.Run r) {
        return new dev.mledojo.leaderboard.stats.BoardStats.Run(r.humanRank(), r.valid(), r.finalScore(),
                r.medal() != null, Boolean.TRUE.equals(r.aboveMedian()), r.steps(), r.tokens(), r.cost(),
                r.wallSeconds());
    }

    /** The entry of one agent version on one task, from all its counted runs (none: the entry goes). */
    void recompute(long agentVersion, String task) {
        List<Episode> ended = Episode.list("agentVersionId = ?1 and taskSlug = ?2 and state in ?3 order by seed, attempt",
                agentVersion, task, List.of(EpisodeState.FINISHED, EpisodeState.FAILED));
        List<BoardEntry.Run> runs = new ArrayList<>();
        Long taskVersion = null;
        double rankSum = 0;
        double scoreSum = 0;
        int scored = 0;
        int valid = 0;
        for (Episode e : ended) {
            if (e.state == EpisodeState.FAILED && FailureReason.INFRA_ERROR.name().equals(e.failureReason)) {
                continue; // the platform's failure: retried, never counted against the agent
            }
            boolean ok = e.state == EpisodeState.FINISHED && e.result != null && e.result.valid()
                    && e.result.humanRank() != null;
            double rank = ok ? e.result.humanRank() : 0.0;
            Double score = ok ? e.result.finalScore() : null;
            AgentMessage.Usage usage = AgentMessage.usage(e.id);
            boolean medal = ok && e.result.medal() != null && e.result.medal() != Medal.NONE;
            runs.add(new BoardEntry.Run(e.id, e.seed, rank, ok, score,
                    medal ? e.result.medal().name().toLowerCase(java.util.Locale.ROOT) : null,
                    ok && e.result.aboveMedian(), e.stepCount, usage.tokens(), usage.cost(), // through the gateway
                    e.result == null ? null : e.result.wallTimeSeconds()));
            rankSum += rank;
            valid += ok ? 1 : 0;
            if (score != null) {
                scoreSum += score;
                scored++;
            }
            taskVersion = e.taskVersionId;
        }
        if (runs.isEmpty()) {
            int gone = em.createNativeQuery("delete from board_entry where agent_version_id = ?1 and task_slug = ?2")
                    .setParameter(1, agentVersion).setParameter(2, task).executeUpdate();
            if (gone > 0) {
                em.createNativeQuery("select nextval('board_version_seq')").getSingleResult(); // a new board version
            }
            return;
        }
        TaskVersion v = TaskVersion.findById(taskVersion);
        String runsJson;
        try {
            runsJson = json.writeValueAsString(new BoardEntry.Runs(runs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        em.createNativeQuery("""
                insert into board_entry (id, agent_version_id, task_slug, domain, episodes, valid, human_rank_mean,
                    final_score_mean, runs, version, updated_at)
                values (nextval('board_entry_seq'), ?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as double precision), cast(?8 as jsonb),
                    nextval('board_version_seq'), ?9)
                on conflict (agent_version_id, task_slug) do update set domain = excluded.domain,
                    episodes = excluded.episodes, valid = excluded.valid, human_rank_mean = excluded.human_rank_mean,
                    final_score_mean = excluded.final_score_mean, runs = excluded.runs, version = excluded.version,
                    updated_at = excluded.updated_at""")
                .setParameter(1, agentVersion).setParameter(2, task).setParameter(3, v.definition.domain().wireName())
                .setParameter(4, runs.size()).setParameter(5, valid).setParameter(6, rankSum / runs.size())
                .setParameter(7, scored == 0 ? null : scoreSum / scored).setParameter(8, runsJson)
                .setParameter(9, Instant.now()).executeUpdate();
    }
}
