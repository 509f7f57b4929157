package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.account.Requester;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.error.DomainException;
import dev.mledojo.leaderboard.stats.Bootstrap;
import dev.mledojo.leaderboard.stats.RunScores;

/**
 * The boards, read from the projection ({@link BoardEntry}, kept by {@link BoardProjector}): for each agent version,
 * the mean HumanRank of its counted runs — seeds averaged per task first, then tasks — with a bootstrap 95 % interval
 * (tasks and seeds resampled, fixed seed), tasks covered and the valid-submission rate. A run the agent failed counts
 * as HumanRank 0; the platform's failures are not counted. The computed board is kept per board version (the
 * projection's highest version and size, read from the database, so every replica agrees when it is stale). Public
 * agents are shown to everyone, private ones only to their owner and admins.
 */
@ApplicationScoped
public class LeaderboardService {

    static final int REPLICATES = 1000;
    static final long SEED = 20261203L;

    /** One row of a board; {@code low}/{@code high} bound the 95 % bootstrap interval of {@code humanRank}. */
    public record Row(int rank, String agent, String owner, int version, String kind, double humanRank, Double low,
            Double high, int tasks, int episodes, double validRate, Double meanFinalScore, boolean publicAgent) {
    }

    /** A board: its scope, the projection version it was computed from, and its rows, best first. */
    public record Board(String scope, long version, List<Row> rows) {
    }

    /** A computed row and the agent version it belongs to (visibility is read fresh on every request). */
    public record Computed(long agentVersionId, Row row) {
    }

    /** What a snapshot stores. */
    public record Snapshot(List<Computed> rows) {
    }

    private record Cached(String scope, long version, long size, List<Computed> rows) {
    }

    /** The scope of the overall board. */
    public static final String OVERALL = "overall";

    private final Map<String, AtomicReference<Cached>> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private final ObjectMapper json;

    public LeaderboardService(ObjectMapper json) {
        this.json = json;
    }

    /** The overall board now, read from the snapshot of the projection's current version. */
    @Transactional
    public Board overall(Requester viewer) {
        return overall(viewer, null);
    }

    /**
     * The overall board of projection version {@code version} (a snapshot a URL can cite), or of the current version
     * when null.
     */
    @Transactional
    public Board overall(Requester viewer, Long version) {
        if (version != null) {
            List<Computed> rows = stored(OVERALL, version).orElseThrow(() -> DomainException.notFound(
                    "unknown-board-version", "The overall board has no snapshot of version " + version + "."));
            return visible(OVERALL, version, rows, viewer);
        }
        long current = currentVersion();
        AtomicReference<Cached> slot = cache.computeIfAbsent(OVERALL, s -> new AtomicReference<>());
        Cached cached = slot.get();
        if (cached == null || cached.version() != current) {
            List<Computed> rows = stored(OVERALL, current).orElseGet(() -> snapshot(OVERALL));
            cached = new Cached(OVERALL, current, rows.size(), rows);
            slot.set(cached);
        }
        return visible(OVERALL, current, cached.rows(), viewer);
    }

    @Transactional
    public Board task(String slug, Requester viewer) {
        return board("task:" + slug, slug, viewer);
    }

    /**
     * The counted runs on one task that this viewer may see, by agent, version and seed: the same rule as the boards
     * (public agents for everyone, private ones for their owner and admins), visibility read now.
     */
    @Transactional
    public List<ScoreDistribution.Run> taskRuns(String slug, Requester viewer) {
        List<BoardEntry> entries = BoardEntry.list("taskSlug", slug);
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<Long, AgentVersion> versions = new HashMap<>();
        for (AgentVersion v : AgentVersion.<AgentVersion>list("id in ?1",
                entries.stream().map(e -> e.agentVersionId).toList())) {
            versions.put(v.id, v);
        }
        List<ScoreDistribution.Run> runs = new ArrayList<>();
        for (BoardEntry e : entries) {
            AgentVersion v = versions.get(e.agentVersionId);
            if (v == null || !(v.agent.isPublic() || viewer.owns(v.agent.owner))) {
                continue;
            }
            for (BoardEntry.Run r : e.runs.runs()) {
                runs.add(new ScoreDistribution.Run(v.agent.name, v.agent.owner, v.number, v.agent.isPublic(),
                        r.episode(), r.seed(), r.valid() ? r.finalScore() : null));
            }
        }
        runs.sort(Comparator.comparing(ScoreDistribution.Run::agent).thenComparing(ScoreDistribution.Run::owner)
                .thenComparingInt(ScoreDistribution.Run::version).thenComparingLong(ScoreDistribution.Run::seed));
        return runs;
    }

    /**
     * Computes the overall board of the projection as it is and stores it under the projection's version, unless the
     * projection changed meanwhile (then the next reader or projector run stores the newer one); returns the rows.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Computed> snapshot(String scope) {
        long before = currentVersion();
        List<Computed> rows = compute(null, false);
        if (currentVersion() == before) {
            try {
                BoardEntry.getEntityManager().createNativeQuery("""
                        insert into board_snapshot (scope, version, rows, created_at)
                        values (?1, ?2, cast(?3 as jsonb), ?4) on conflict (scope, version) do nothing""")
                        .setParameter(1, scope).setParameter(2, before)
                        .setParameter(3, json.writeValueAsString(new Snapshot(rows)))
                        .setParameter(4, java.time.Instant.now()).executeUpdate();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return rows;
    }

    /** The projection's version: the last value handed out by its sequence (every change takes a new one). */
    static long currentVersion() {
        Object v = BoardEntry.getEntityManager().createNativeQuery(
                "select case when is_called then last_value else 0 end from board_version_seq").getSingleResult();
        return ((Number) v).longValue();
    }

    private java.util.Optional<List<Computed>> stored(String scope, long version) {
        @SuppressWarnings("unchecked")
        List<Object> found = BoardEntry.getEntityManager().createNativeQuery(
                "select cast(rows as text) from board_snapshot where scope = ?1 and version = ?2")
                .setParameter(1, scope).setParameter(2, version).getResultList();
        if (found.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(json.readValue((String) found.get(0), Snapshot.class).rows());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("board snapshot " + scope + "@" + version + " cannot be read", e);
        }
    }

    private Board board(String scope, String slug, Requester viewer) {
        var stampQuery = BoardEntry.getEntityManager().createNativeQuery(
                "select coalesce(max(version), 0), count(*) from board_entry where task_slug = ?1");
        stampQuery.setParameter(1, slug);
        Object[] stamp = (Object[]) stampQuery.getSingleResult();
        long version = ((Number) stamp[0]).longValue();
        long size = ((Number) stamp[1]).longValue();
        AtomicReference<Cached> slot = cache.computeIfAbsent(scope, s -> new AtomicReference<>());
        Cached cached = slot.get();
        if (cached == null || cached.version() != version || cached.size() != size) {
            cached = new Cached(scope, version, size, compute(slug, true));
            slot.set(cached);
        }
        return visible(scope, version, cached.rows(), viewer);
    }

    /** The rows this viewer may see (visibility read now, never cached), ranked. */
    private static Board visible(String scope, long version, List<Computed> rows, Requester viewer) {
        Map<Long, Boolean> isPublic = new HashMap<>();
        if (!rows.isEmpty()) {
            List<Long> ids = rows.stream().map(Computed::agentVersionId).toList();
            for (AgentVersion v : AgentVersion.<AgentVersion>list("id in ?1", ids)) {
                isPublic.put(v.id, v.agent.isPublic());
            }
        }
        List<Row> visible = new ArrayList<>();
        for (Computed c : rows) {
            boolean open = isPublic.getOrDefault(c.agentVersionId(), false);
            if (open || viewer.owns(c.row().owner())) {
                Row r = c.row();
                visible.add(new Row(0, r.agent(), r.owner(), r.version(), r.kind(), r.humanRank(), r.low(), r.high(),
                        r.tasks(), r.episodes(), r.validRate(), r.meanFinalScore(), open));
            }
        }
        return new Board(scope, version, ranked(visible));
    }

    private static List<Computed> compute(String slug, boolean perTask) {
        List<BoardEntry> entries = slug == null ? BoardEntry.listAll() : BoardEntry.list("taskSlug", slug);
        Map<Long, List<BoardEntry>> byVersion = new LinkedHashMap<>();
        for (BoardEntry e : entries) {
            byVersion.computeIfAbsent(e.agentVersionId, k -> new ArrayList<>()).add(e);
        }
        List<Computed> rows = new ArrayList<>();
        for (var entry : byVersion.entrySet()) {
            AgentVersion v = AgentVersion.findById(entry.getKey());
            List<BoardEntry> tasks = entry.getValue();
            Map<String, String> domains = new HashMap<>();
            Map<String, double[]> runs = new HashMap<>();
            int episodes = 0;
            int valid = 0;
            double scoreSum = 0;
            int scored = 0;
            for (BoardEntry t : tasks) {
                domains.put(t.taskSlug, t.domain);
                runs.put(t.taskSlug, t.runs.runs().stream().mapToDouble(BoardEntry.Run::humanRank).toArray());
                episodes += t.episodes;
                valid += t.valid;
                if (t.finalScoreMean != null) {
                    scoreSum += t.finalScoreMean;
                    scored++;
                }
            }
            String key = v.agent.name + " v" + v.number;
            RunScores scores = RunScores.of(domains, Map.of(key, runs));
            Bootstrap.Interval ci = Bootstrap.meanHumanRank(scores, Bootstrap.Weighting.TASK, REPLICATES, SEED)
                    .scores().get(key);
            rows.add(new Computed(v.id, new Row(0, v.agent.name, v.agent.owner, v.number, v.agent.kind, ci.estimate(),
                    ci.low(), ci.high(), tasks.size(), episodes, episodes == 0 ? 0 : (double) valid / episodes,
                    !perTask || scored == 0 ? null : scoreSum / scored, false)));
        }
        return rows;
    }

    /** Best first; equal HumanRanks share a rank. */
    private static List<Row> ranked(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(Row::humanRank).reversed().thenComparing(Row::agent)
                .thenComparingInt(Row::version));
        List<Row> ranked = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Row r = sorted.get(i);
            int rank = i > 0 && sorted.get(i - 1).humanRank() == r.humanRank() ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(new Row(rank, r.agent(), r.owner(), r.version(), r.kind(), r.humanRank(), r.low(), r.high(),
                    r.tasks(), r.episodes(), r.validRate(), r.meanFinalScore(), r.publicAgent()));
        }
        return ranked;
    }
}
