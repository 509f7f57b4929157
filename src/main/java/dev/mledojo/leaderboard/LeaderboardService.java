package dev.mledojo.leaderboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.account.Requester;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.error.DomainException;
import dev.mledojo.leaderboard.stats.BoardStats;
import dev.mledojo.leaderboard.stats.PaperResults;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskService;

/**
 * The boards, read from the projection ({@link BoardEntry}, kept by {@link BoardProjector}). A board is a task set —
 * every task ({@code overall}), a domain ({@code domain:cv}) or a split tag ({@code tag:mle-lite}) — and its statistics
 * ({@link BoardStats}: mean HumanRank with bootstrap intervals and rank bands, per-domain means, Elo, AUP, medal rates,
 * effort) are computed once per board version and stored as a snapshot that a URL can cite ({@code ?version=N}).
 * Cohort-dependent numbers (ranks, Elo, AUP) are computed over the agents a viewer may see: the public snapshot for
 * everyone, the full one for admins, and the public agents plus the viewer's own private ones for their owner
 * (computed on demand). Visibility is also checked fresh on every read.
 */
@ApplicationScoped
public class LeaderboardService {

    /** The scope of the overall board. */
    public static final String OVERALL = "overall";
    static final String PUBLIC = "public";
    static final String ALL = "all";
    static final BoardStats.Options OPTIONS = BoardStats.Options.DEFAULT;

    /** Where a row comes from: a run on this platform, or a number reported by the MLE-Dojo paper. */
    public static final String VERIFIED = "verified";
    public static final String REPORTED = "reported";

    /**
     * One row of a board. {@code rank} is the rank among the agents that cover every task of the board (null for the
     * others), {@code rankLow}–{@code rankHigh} its 95 % bootstrap band; intervals are 95 % percentile bootstrap
     * intervals (tasks and seeds resampled); rates are percentages with their SEM over seeds.
     */
    public record Row(Integer rank, Integer rankLow, Integer rankHigh, String agent, String owner, int version,
            String kind, String model, boolean publicAgent, String source, double humanRank, Double low, Double high,
            Double balanced, Double balancedLow, Double balancedHigh, Map<String, Double> domains, Double elo,
            Double eloLow, Double eloHigh, Double aup, Double anyMedal, Double anyMedalSem, Double aboveMedian,
            Double aboveMedianSem, int tasks, int episodes, Double validRate, Double bestOf2, Double stepsPerTask,
            Double tokensPerTask, Double costPerTask, Double wallSecondsPerTask, int seedsMin, int seedsMax,
            Double meanFinalScore) {

        /** "2 (1–4)", "3", or "—" when unranked. */
        public String rankBand() {
            if (rank == null) {
                return "—";
            }
            return rankLow == null || (rankLow.equals(rankHigh) && rankLow.equals(rank)) ? rank.toString()
                    : rank + " (" + rankLow + "–" + rankHigh + ")";
        }

        public boolean reported() {
            return REPORTED.equals(source);
        }

        /** An inline SVG bar of the HumanRank interval, for tables. */
        public String ciBar() {
            return Charts.intervalBar(humanRank, low, high);
        }

        /** LLM dollars per point of HumanRank (a point = 0.01), or null. */
        public Double costPerPoint() {
            return costPerTask == null || humanRank <= 0 ? null : costPerTask / (humanRank * 100);
        }

        /** The agent's page. */
        public String href() {
            return reported() ? "/paper" : BoardViews.agentHref(owner, agent);
        }

        Row withPublic(boolean open) {
            return new Row(rank, rankLow, rankHigh, agent, owner, version, kind, model, open, source, humanRank, low,
                    high, balanced, balancedLow, balancedHigh, domains, elo, eloLow, eloHigh, aup, anyMedal,
                    anyMedalSem, aboveMedian, aboveMedianSem, tasks, episodes, validRate, bestOf2, stepsPerTask,
                    tokensPerTask, costPerTask, wallSecondsPerTask, seedsMin, seedsMax, meanFinalScore);
        }
    }

    /**
     * A board: its scope and title, the projection version it was computed from, the cohort (whose agents the ranks,
     * Elo and AUP compare), tasks with results and tasks in the set, how many agents are ranked, AUP's τ_max, the
     * bootstrap's replicates and seed, and its rows, best first.
     */
    public record Board(String scope, String title, long version, String cohort, int tasks, int taskSetSize,
            int ranked, Double aupTauMax, boolean eloIdentified, int replicates, long seed, Instant computedAt,
            List<Row> rows) {
    }

    /** A computed row and the agent version it belongs to (visibility is read fresh on every request). */
    public record Computed(long agentVersionId, Row row) {
    }

    /** What a snapshot stores. */
    public record Snapshot(int tasks, int taskSetSize, int ranked, Double aupTauMax, boolean eloIdentified,
            int replicates, long seed, Instant computedAt, List<Computed> rows) {
    }

    private record Key(String scope, String cohort, long version) {
    }

    /** Snapshots read or computed (immutable per key), bounded: losing one only costs a read. */
    private final com.github.benmanes.caffeine.cache.Cache<Key, Snapshot> cache =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(256).build();
    private final ObjectMapper json;
    private final javax.sql.DataSource dataSource;
    private final TaskService tasks;
    private final LeaderboardConfig config;

    public LeaderboardService(ObjectMapper json, TaskService tasks, LeaderboardConfig config,
            javax.sql.DataSource dataSource) {
        this.dataSource = dataSource;
        this.json = json;
        this.tasks = tasks;
        this.config = config;
    }

    /** The scopes that have boards: overall, one per domain, one per configured split tag. */
    public List<String> scopes() {
        List<String> scopes = new ArrayList<>();
        scopes.add(OVERALL);
        for (TaskDefinition.Domain d : TaskDefinition.Domain.values()) {
            scopes.add("domain:" + d.wireName());
        }
        config.tagBoards().forEach(t -> scopes.add("tag:" + t));
        return scopes;
    }

    /** A board's human title. */
    public static String title(String scope) {
        if (OVERALL.equals(scope)) {
            return "Overall";
        }
        String value = scope.substring(scope.indexOf(':') + 1);
        return switch (value) {
            case "cv" -> "CV";
            case "nlp" -> "NLP";
            case "mle-lite" -> "MLE-Lite";
            case "mle-dojo-eval" -> "MLE-Dojo evaluation set";
            case "eval-tabular" -> "Tabular (evaluation)";
            case "eval-nlp" -> "NLP (evaluation)";
            case "eval-cv" -> "CV (evaluation)";
            default -> value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1).replace('-', ' ');
        };
    }

    /** The paper's domain that a board matches, if any (its Table 2 rows are shown on it as reported results). */
    static Optional<String> paperDomain(String scope) {
        return Optional.ofNullable(switch (scope) {
            case "tag:mle-lite" -> "mle-lite";
            case "tag:eval-tabular" -> "tabular";
            case "tag:eval-nlp" -> "nlp";
            case "tag:eval-cv" -> "cv";
            default -> null;
        });
    }

    /** The overall board now, as this viewer may see it. */
    @Transactional
    public Board overall(Requester viewer) {
        return board(OVERALL, viewer, null);
    }

    /**
     * A board as this viewer may see it: of projection version {@code version} (a snapshot that a URL can cite), or
     * the newest one when null.
     */
    @Transactional
    public Board board(String scope, Requester viewer, Long version) {
        if (!scopes().contains(scope)) {
            throw DomainException.notFound("unknown-board", "There is no board '" + scope + "'. Boards: "
                    + String.join(", ", scopes()) + ".");
        }
        Set<Long> own = viewer.visitor() || viewer.admin() ? Set.of() : privateVersionsOf(viewer.name());
        // an owner of private agents reading a cited version gets that version's full board, filtered to what they
        // may see (the cohort then includes others' private agents, whose rows stay hidden)
        String cohort = viewer.admin() || (!own.isEmpty() && version != null) ? ALL : PUBLIC;
        long at;
        Snapshot snapshot;
        if (version != null) {
            at = version;
            snapshot = stored(scope, cohort, version).orElseThrow(() -> DomainException.notFound(
                    "unknown-board-version", "The board '" + scope + "' has no snapshot of version " + version
                            + " (versions older than the retention period are kept as the last of each day)."));
        } else {
            long current = currentVersion();
            Optional<Long> latest = latestStored(scope, cohort, current);
            at = latest.orElse(current);
            snapshot = latest.isPresent() ? stored(scope, cohort, at).orElseThrow() : compute(scope, cohort, current);
        }
        if (!own.isEmpty() && version == null) { // the owner's private agents join the public cohort, computed for them
            at = currentVersion();
            Key key = new Key(scope, "owner:" + viewer.name(), at);
            snapshot = cache.get(key, k -> compute(inputs(), scope, v -> v.agent.isPublic()
                    || v.agent.owner.equals(viewer.name())));
            cohort = "public + yours";
        }
        return visible(scope, at, cohort, snapshot, viewer);
    }

    /** One task's board: every agent's runs on it (computed on demand, kept per projection version). */
    @Transactional
    public Board task(String slug, Requester viewer) {
        String scope = "task:" + slug;
        Object[] stamp = (Object[]) BoardEntry.getEntityManager().createNativeQuery(
                "select coalesce(max(version), 0), count(*) from board_entry where task_slug = ?1")
                .setParameter(1, slug).getSingleResult();
        long version = ((Number) stamp[0]).longValue() * 1_000_000 + ((Number) stamp[1]).longValue();
        Snapshot snapshot = cache.get(new Key(scope, ALL, version), k -> compute(inputs(), scope, v -> true));
        return visible(scope, ((Number) stamp[0]).longValue(), viewer.admin() ? ALL : "all agents of the task",
                snapshot, viewer);
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
     * Computes every board of the projection as it is and stores each under the projection's version, unless the
     * projection changed meanwhile (then the next projector run stores the newer one). Returns the version stored, or
     * -1 when it was already stored or went stale.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long snapshotAll() {
        long before = currentVersion();
        if (latestStored(OVERALL, PUBLIC, Long.MAX_VALUE).orElse(-1L) >= before) {
            return -1;
        }
        // one replica at a time computes the boards (the others find them stored on their next pass)
        Object locked = BoardEntry.getEntityManager().createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, SNAPSHOT_LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return -1;
        }
        Map<String, Snapshot> computed = new LinkedHashMap<>();
        Inputs inputs = inputs();
        for (String scope : scopes()) {
            computed.put(scope + "|" + PUBLIC, compute(inputs, scope, v -> v.agent.isPublic()));
            computed.put(scope + "|" + ALL, inputs.anyPrivate() ? compute(inputs, scope, v -> true)
                    : computed.get(scope + "|" + PUBLIC));
        }
        if (currentVersion() != before) {
            return -1;
        }
        computed.forEach((key, snapshot) -> {
            String[] parts = key.split("\\|");
            store(parts[0], parts[1], before, snapshot);
        });
        prune();
        return before;
    }

    /**
     * Snapshot retention: every snapshot is kept for {@code dojo.leaderboard.keep-all-snapshots}; older ones only as
     * the last of their day per board, so a cited daily version stays readable for good.
     */
    int prune() {
        return BoardEntry.getEntityManager().createNativeQuery("""
                delete from board_snapshot s where s.created_at < ?1 and s.version < (
                    select max(d.version) from board_snapshot d where d.scope = s.scope
                    and date_trunc('day', d.created_at) = date_trunc('day', s.created_at))""")
                .setParameter(1, Instant.now().minus(config.keepAllSnapshots())).executeUpdate();
    }

    /** The advisory lock that lets one replica at a time compute snapshots. */
    static final long SNAPSHOT_LOCK = 0x6d6c65646f6a6fL; // "mledojo"

    /**
     * What the public boards are made of right now: the projection's version and the newest stored snapshot, as
     * "version:snapshot" (one light query on a pooled connection, no transaction: it is read on every anonymous page
     * view); a page rendered for a stamp stays right until the stamp changes.
     */
    public String stamp() {
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.PreparedStatement q = c.prepareStatement("""
                        select (select case when is_called then last_value else 0 end from board_version_seq),
                               (select max(version) from board_snapshot where scope = ?)""")) {
            q.setString(1, OVERALL + "@" + PUBLIC);
            try (java.sql.ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1) + ":" + r.getLong(2);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the board stamp cannot be read", e);
        }
    }

    /** The projection's version: the last value handed out by its sequence (every change takes a new one). */
    static long currentVersion() {
        Object v = BoardEntry.getEntityManager().createNativeQuery(
                "select case when is_called then last_value else 0 end from board_version_seq").getSingleResult();
        return ((Number) v).longValue();
    }

    private Snapshot compute(String scope, String cohort, long version) {
        Snapshot s = compute(inputs(), scope, PUBLIC.equals(cohort) ? v -> v.agent.isPublic() : v -> true);
        if (currentVersion() == version) {
            store(scope, cohort, version, s);
        }
        return s;
    }

    private void store(String scope, String cohort, long version, Snapshot snapshot) {
        try {
            BoardEntry.getEntityManager().createNativeQuery("""
                    insert into board_snapshot (scope, version, rows, created_at)
                    values (?1, ?2, cast(?3 as jsonb), ?4) on conflict (scope, version) do nothing""")
                    .setParameter(1, scope + "@" + cohort).setParameter(2, version)
                    .setParameter(3, json.writeValueAsString(snapshot)).setParameter(4, Instant.now()).executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Long> latestStored(String scope, String cohort, long atMost) {
        Object v = BoardEntry.getEntityManager().createNativeQuery(
                "select max(version) from board_snapshot where scope = ?1 and version <= ?2")
                .setParameter(1, scope + "@" + cohort).setParameter(2, atMost).getSingleResult();
        return v == null ? Optional.empty() : Optional.of(((Number) v).longValue());
    }

    private Optional<Snapshot> stored(String scope, String cohort, long version) {
        Key key = new Key(scope, cohort, version);
        Snapshot hit = cache.getIfPresent(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        @SuppressWarnings("unchecked")
        List<Object> found = BoardEntry.getEntityManager().createNativeQuery(
                "select cast(rows as text) from board_snapshot where scope = ?1 and version = ?2")
                .setParameter(1, scope + "@" + cohort).setParameter(2, version).getResultList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            Snapshot s = json.readValue((String) found.get(0), Snapshot.class);
            cache.put(key, s);
            return Optional.of(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("board snapshot " + scope + "@" + version + " cannot be read", e);
        }
    }

    /** The agent versions of this user's private agents that are on the boards. */
    private static Set<Long> privateVersionsOf(String owner) {
        @SuppressWarnings("unchecked")
        List<Object> ids = BoardEntry.getEntityManager().createNativeQuery("""
                select distinct e.agent_version_id from board_entry e join agent_version v on v.id = e.agent_version_id
                join agent a on a.id = v.agent_id where a.owner = ?1 and a.visibility <> 'public'""")
                .setParameter(1, owner).getResultList();
        Set<Long> set = new java.util.HashSet<>();
        ids.forEach(i -> set.add(((Number) i).longValue()));
        return set;
    }

    /** The rows this viewer may see (visibility read now, never cached), best first; the paper's rows where they fit. */
    private Board visible(String scope, long version, String cohort, Snapshot snapshot, Requester viewer) {
        Map<Long, Boolean> isPublic = new HashMap<>();
        if (!snapshot.rows().isEmpty()) {
            List<Long> ids = snapshot.rows().stream().map(Computed::agentVersionId).toList();
            for (Object[] r : BoardEntry.getEntityManager().createQuery(
                    "select v.id, a.visibility from AgentVersion v join v.agent a where v.id in ?1", Object[].class)
                    .setParameter(1, ids).getResultList()) {
                isPublic.put((Long) r[0], "public".equals(r[1]));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Computed c : snapshot.rows()) {
            boolean open = isPublic.getOrDefault(c.agentVersionId(), false);
            if (open || viewer.owns(c.row().owner())) {
                rows.add(c.row().withPublic(open));
            }
        }
        rows.sort(BEST_FIRST);
        paperDomain(scope).ifPresent(domain -> rows.addAll(reported(domain)));
        return new Board(scope, title(scope), version, cohort, snapshot.tasks(), snapshot.taskSetSize(),
                snapshot.ranked(), snapshot.aupTauMax(), snapshot.eloIdentified(), snapshot.replicates(),
                snapshot.seed(), snapshot.computedAt(), rows);
    }

    /** Ranked rows by rank, then the unranked by HumanRank. */
    static final Comparator<Row> BEST_FIRST = Comparator
            .comparing((Row r) -> r.rank() == null ? Integer.MAX_VALUE : r.rank())
            .thenComparing(Comparator.comparingDouble(Row::humanRank).reversed())
            .thenComparing(Row::agent).thenComparingInt(Row::version);

    /** Table 2 of the MLE-Dojo paper for one domain: reported numbers, no interval, never part of the statistics. */
    static List<Row> reported(String domain) {
        List<Row> rows = new ArrayList<>();
        for (PaperResults.Reported r : PaperResults.load()) {
            if (r.domain().equals(domain)) {
                rows.add(new Row(null, null, null, r.model(), "MLE-Dojo paper", 0, REPORTED, r.model(), true,
                        REPORTED, r.humanRankPercent() / 100, null, null, null, null, null, Map.of(), (double) r.elo(),
                        null, null, r.aup(), null, null, null, null, 0, 0, null, null, null, null, null, null, 0, 0,
                        null));
            }
        }
        rows.sort(Comparator.comparingDouble(Row::humanRank).reversed());
        return rows;
    }

    /** Everything a board computation reads, loaded once for all boards. */
    record Inputs(List<BoardEntry> entries, Map<Long, AgentVersion> versions, Map<String, TaskService.TaskFacts> facts,
            boolean anyPrivate) {
    }

    Inputs inputs() {
        List<BoardEntry> entries = BoardEntry.listAll();
        Map<Long, AgentVersion> versions = new HashMap<>();
        if (!entries.isEmpty()) {
            List<Long> ids = entries.stream().map(e -> e.agentVersionId).distinct().toList();
            for (AgentVersion v : AgentVersion.<AgentVersion>list("select v from AgentVersion v join fetch v.agent "
                    + "where v.id in ?1", ids)) {
                versions.put(v.id, v);
            }
        }
        boolean anyPrivate = versions.values().stream().anyMatch(v -> !v.agent.isPublic());
        return new Inputs(entries, versions, tasks.facts(), anyPrivate);
    }

    /** Whether a task (of this domain) is on the board {@code scope}; tags come from the catalogue's facts. */
    static boolean inScope(String scope, String task, String domain, Map<String, TaskService.TaskFacts> facts) {
        if (OVERALL.equals(scope)) {
            return true;
        }
        if (scope.startsWith("task:")) {
            return scope.substring(5).equals(task);
        }
        if (scope.startsWith("domain:")) {
            return scope.substring(7).equals(domain);
        }
        TaskService.TaskFacts f = facts.get(task);
        return f != null && f.tags().contains(scope.substring(4));
    }

    Snapshot compute(Inputs in, String scope, Predicate<AgentVersion> cohort) {
        Map<String, BoardStats.Task> boardTasks = new LinkedHashMap<>();
        List<BoardStats.Cell> cells = new ArrayList<>();
        Map<String, double[]> finalScores = new HashMap<>();
        for (BoardEntry e : in.entries()) {
            AgentVersion v = in.versions().get(e.agentVersionId);
            if (v == null || !cohort.test(v) || !inScope(scope, e.taskSlug, e.domain, in.facts())) {
                continue;
            }
            TaskService.TaskFacts f = in.facts().get(e.taskSlug);
            boardTasks.computeIfAbsent(e.taskSlug, t -> new BoardStats.Task(t, e.domain, f == null || f.higherIsBetter()));
            List<BoardStats.Run> runs = e.runs.runs().stream().map(BoardProjector::statsRun).toList();
            cells.add(new BoardStats.Cell(Long.toString(v.id), e.taskSlug, runs));
            if (e.finalScoreMean != null) {
                double[] acc = finalScores.computeIfAbsent(Long.toString(v.id), k -> new double[2]);
                acc[0] += e.finalScoreMean;
                acc[1]++;
            }
        }
        int setSize = (int) in.facts().values().stream()
                .filter(f -> inScope(scope, f.slug(), f.domain(), in.facts())).count();
        BoardStats.Result result = BoardStats.compute(new ArrayList<>(boardTasks.values()), cells, OPTIONS);
        List<Computed> rows = new ArrayList<>();
        for (BoardStats.Line l : result.lines()) {
            AgentVersion v = in.versions().get(Long.parseLong(l.agent()));
            Object model = v.config == null ? null : v.config.get("model");
            double[] fs = finalScores.get(l.agent());
            rows.add(new Computed(v.id, new Row(l.rank() == null ? null : l.rank().rank(),
                    l.rank() == null ? null : l.rank().low(), l.rank() == null ? null : l.rank().high(), v.agent.name,
                    v.agent.owner, v.number, v.agent.kind, model instanceof String m ? m : null, v.agent.isPublic(),
                    VERIFIED, l.humanRank().estimate(), l.humanRank().low(), l.humanRank().high(),
                    l.balanced().estimate(), l.balanced().low(), l.balanced().high(), l.domains(),
                    l.elo() == null ? null : l.elo().estimate(), l.elo() == null ? null : l.elo().low(),
                    l.elo() == null ? null : l.elo().high(), l.aup(), l.anyMedal().percent(), l.anyMedal().sem(),
                    l.aboveMedian().percent(), l.aboveMedian().sem(), l.tasks(), l.episodes(), l.validRate(),
                    l.bestOf2(), l.stepsPerTask(), l.tokensPerTask(), l.costPerTask(), l.wallSecondsPerTask(),
                    l.seedsMin(), l.seedsMax(), fs == null ? null : fs[0] / fs[1])));
        }
        return new Snapshot(result.tasks(), Math.max(setSize, result.tasks()), result.ranked(), result.aupTauMax(),
                result.eloIdentified(), OPTIONS.replicates(), OPTIONS.seed(), Instant.now(), rows);
    }

    /** The metrics a board can be sorted by. */
    public static final List<String> METRICS = List.of("humanrank", "balanced", "elo", "aup", "medals", "median",
            "valid", "bestof2", "cost");

    /**
     * What a board page or API call asks for: the board, the sort metric, and filters (agent kind, owner, verified or
     * reported rows, complete coverage only); blank means all. Everything is in the query string.
     */
    public record Query(String board, String metric, String kind, String owner, String source, String coverage,
            Long version) {
        public Query {
            board = blank(board) ? OVERALL : board.trim();
            metric = blank(metric) ? "humanrank" : metric.trim().toLowerCase(Locale.ROOT);
            kind = blank(kind) ? null : kind.trim();
            owner = blank(owner) ? null : owner.trim();
            source = blank(source) ? "all" : source.trim().toLowerCase(Locale.ROOT);
            coverage = blank(coverage) ? "all" : coverage.trim().toLowerCase(Locale.ROOT);
            if (!METRICS.contains(metric)) {
                throw DomainException.invalid("invalid-query", "metric is one of " + String.join(", ", METRICS) + ".");
            }
            if (!List.of("all", VERIFIED, REPORTED).contains(source)) {
                throw DomainException.invalid("invalid-query", "source is all, verified or reported.");
            }
            if (!List.of("all", "complete").contains(coverage)) {
                throw DomainException.invalid("invalid-query", "coverage is all or complete.");
            }
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        /** This query as a query string (for links that keep the view). */
        public String queryString() {
            StringBuilder q = new StringBuilder("board=").append(enc(board));
            if (!"humanrank".equals(metric)) {
                q.append("&metric=").append(metric);
            }
            if (kind != null) {
                q.append("&kind=").append(enc(kind));
            }
            if (owner != null) {
                q.append("&owner=").append(enc(owner));
            }
            if (!"all".equals(source)) {
                q.append("&source=").append(source);
            }
            if (!"all".equals(coverage)) {
                q.append("&coverage=").append(coverage);
            }
            if (version != null) {
                q.append("&version=").append(version);
            }
            return q.toString();
        }

        private static String enc(String s) {
            return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A board filtered and sorted as asked. */
    @Transactional
    public Board query(Query q, Requester viewer) {
        Board b = board(q.board(), viewer, q.version());
        List<Row> rows = new ArrayList<>();
        for (Row r : b.rows()) {
            if (q.kind() != null && !q.kind().equals(r.kind()) && !(r.reported() && REPORTED.equals(q.kind()))) {
                continue;
            }
            if (q.owner() != null && !q.owner().equals(r.owner())) {
                continue;
            }
            if (!"all".equals(q.source()) && !q.source().equals(r.source())) {
                continue;
            }
            if ("complete".equals(q.coverage()) && !r.reported() && r.rank() == null) {
                continue;
            }
            rows.add(r);
        }
        Comparator<Row> order = switch (q.metric()) {
            case "balanced" -> byValue(Row::balanced);
            case "elo" -> byValue(Row::elo);
            case "aup" -> byValue(Row::aup);
            case "medals" -> byValue(Row::anyMedal);
            case "median" -> byValue(Row::aboveMedian);
            case "valid" -> byValue(Row::validRate);
            case "bestof2" -> byValue(Row::bestOf2);
            case "cost" -> Comparator.comparing((Row r) -> r.costPerTask() == null ? Double.MAX_VALUE : r.costPerTask());
            default -> null;
        };
        if (order != null) {
            rows.sort(order.thenComparing(BEST_FIRST));
        } else { // HumanRank: platform rows by rank, the paper's rows after them (they are not comparable)
            rows.sort(Comparator.comparing(Row::reported).thenComparing(BEST_FIRST));
        }
        return new Board(b.scope(), b.title(), b.version(), b.cohort(), b.tasks(), b.taskSetSize(), b.ranked(),
                b.aupTauMax(), b.eloIdentified(), b.replicates(), b.seed(), b.computedAt(), rows);
    }

    private static Comparator<Row> byValue(java.util.function.Function<Row, Double> metric) {
        return Comparator.comparing((Row r) -> {
            Double v = metric.apply(r);
            return v == null ? Double.NEGATIVE_INFINITY : v;
        }).reversed();
    }

    /** A newly projected result: agent, task, HumanRank, when, and the episode behind it. */
    public record Newest(String agent, String href, int version, String task, double humanRank, String episode,
            Instant at) {

        /** "2026-12-03 06:24 UTC". */
        public String when() {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                    .withZone(java.time.ZoneOffset.UTC).format(at);
        }
    }

    /** The newest board entries of agents this viewer may see. */
    @jakarta.transaction.Transactional
    public List<Newest> newest(Requester viewer) {
        List<Object[]> rows = BoardEntry.getEntityManager().createQuery("""
                select a.name, a.owner, v.number, e.taskSlug, e.humanRankMean, e.updatedAt, a.visibility, e.runs
                from BoardEntry e, AgentVersion v join v.agent a where v.id = e.agentVersionId
                and (a.visibility = 'public' or a.owner = ?1 or ?2 = true) order by e.updatedAt desc""", Object[].class)
                .setParameter(1, viewer.name() == null ? "" : viewer.name()).setParameter(2, viewer.admin())
                .setMaxResults(8).getResultList();
        List<Newest> out = new ArrayList<>();
        for (Object[] r : rows) {
            BoardEntry.Runs runs = (BoardEntry.Runs) r[7];
            String episode = runs.runs().isEmpty() ? null : runs.runs().get(runs.runs().size() - 1).episode();
            out.add(new Newest((String) r[0], BoardViews.agentHref((String) r[1], (String) r[0]), (Integer) r[2],
                    (String) r[3], (Double) r[4], episode, (Instant) r[5]));
        }
        return out;
    }

}
