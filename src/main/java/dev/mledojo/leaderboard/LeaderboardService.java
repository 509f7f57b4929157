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

import dev.mledojo.account.Requester;
import dev.mledojo.agent.AgentVersion;
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
            Double high, int tasks, int episodes, double validRate, Double meanFinalScore, boolean isPublic) {
    }

    /** A board: its scope, the projection version it was computed from, and its rows, best first. */
    public record Board(String scope, long version, List<Row> rows) {
    }

    /** A computed row and the agent version it belongs to (visibility is read fresh on every request). */
    private record Computed(long agentVersionId, Row row) {
    }

    private record Cached(String scope, long version, long size, List<Computed> rows) {
    }

    private final Map<String, AtomicReference<Cached>> cache = new java.util.concurrent.ConcurrentHashMap<>();

    @Transactional
    public Board overall(Requester viewer) {
        return board("overall", null, viewer);
    }

    @Transactional
    public Board task(String slug, Requester viewer) {
        return board("task:" + slug, slug, viewer);
    }

    private Board board(String scope, String slug, Requester viewer) {
        var stampQuery = BoardEntry.getEntityManager().createNativeQuery(slug == null
                ? "select coalesce(max(version), 0), count(*) from board_entry"
                : "select coalesce(max(version), 0), count(*) from board_entry where task_slug = ?1");
        if (slug != null) {
            stampQuery.setParameter(1, slug);
        }
        Object[] stamp = (Object[]) stampQuery.getSingleResult();
        long version = ((Number) stamp[0]).longValue();
        long size = ((Number) stamp[1]).longValue();
        AtomicReference<Cached> slot = cache.computeIfAbsent(scope, s -> new AtomicReference<>());
        Cached cached = slot.get();
        if (cached == null || cached.version() != version || cached.size() != size) {
            cached = new Cached(scope, version, size, compute(slug, slug != null));
            slot.set(cached);
        }
        Map<Long, Boolean> isPublic = new HashMap<>();
        if (!cached.rows().isEmpty()) {
            List<Long> ids = cached.rows().stream().map(Computed::agentVersionId).toList();
            for (AgentVersion v : AgentVersion.<AgentVersion>list("id in ?1", ids)) {
                isPublic.put(v.id, v.agent.isPublic());
            }
        }
        List<Row> visible = new ArrayList<>();
        for (Computed c : cached.rows()) {
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
                    r.tasks(), r.episodes(), r.validRate(), r.meanFinalScore(), r.isPublic()));
        }
        return ranked;
    }
}
