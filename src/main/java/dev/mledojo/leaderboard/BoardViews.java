package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mledojo.account.Requester;
import dev.mledojo.agent.Agent;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.error.DomainException;
import dev.mledojo.leaderboard.stats.BradleyTerry;
import dev.mledojo.leaderboard.stats.Paired;
import dev.mledojo.leaderboard.stats.RunScores;
import dev.mledojo.task.TaskService;

/**
 * The views beside the main board, all read from the projection: the pairwise win-rate matrix of a board, the paired
 * comparison of two to four agents, and an agent's profile. Private agents are visible to their owner and admins
 * only; anyone else gets 404 for them, as if they did not exist.
 */
@ApplicationScoped
public class BoardViews {

    static final int REPLICATES = 1000;

    private final LeaderboardService boards;
    private final TaskService tasks;
    /** Computed views by what they were computed from (immutable once computed; losing them only costs time). */
    private final com.github.benmanes.caffeine.cache.Cache<String, Object> cache =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(512).build();

    public BoardViews(LeaderboardService boards, TaskService tasks) {
        this.boards = boards;
        this.tasks = tasks;
    }

    /** The boards' stamp (see {@link LeaderboardService#stamp()}). */
    public String stamp() {
        return boards.stamp();
    }

    /** A domain (its board's scope and title). */
    public record DomainRef(String scope, String title) {
    }

    /** One cell of the domain matrix: mean HumanRank and its interval (all null: no results in that domain). */
    public record DomainCell(Double value, Double low, Double high) {

        /** A background from white (0) to a saturated blue (1). */
        public String colour() {
            if (value == null) {
                return "transparent";
            }
            double v = Math.max(0, Math.min(1, value));
            return String.format(java.util.Locale.ROOT, "hsl(212, 70%%, %.0f%%)", 96 - v * 46);
        }
    }

    /** One agent version's line of the domain matrix. */
    public record DomainLine(String agent, String owner, int version, String href, List<DomainCell> cells) {
    }

    /** The agent × domain matrix: each domain board's HumanRank and interval for every agent of the overall board. */
    public record DomainMatrix(long version, List<DomainRef> domains, List<DomainLine> lines) {
    }

    @Transactional
    public DomainMatrix domains(Requester viewer) {
        LeaderboardService.Board overall = boards.overall(viewer);
        List<DomainRef> domains = new ArrayList<>();
        List<Map<String, LeaderboardService.Row>> byDomain = new ArrayList<>();
        for (String scope : boards.scopes()) {
            if (scope.startsWith("domain:")) {
                LeaderboardService.Board d = boards.board(scope, viewer, null);
                if (d.rows().isEmpty()) {
                    continue;
                }
                domains.add(new DomainRef(scope, d.title()));
                Map<String, LeaderboardService.Row> rows = new HashMap<>();
                d.rows().forEach(r -> rows.put(r.owner() + "/" + r.agent() + " v" + r.version(), r));
                byDomain.add(rows);
            }
        }
        List<DomainLine> lines = new ArrayList<>();
        for (LeaderboardService.Row r : overall.rows()) {
            String key = r.owner() + "/" + r.agent() + " v" + r.version();
            List<DomainCell> cells = new ArrayList<>();
            for (Map<String, LeaderboardService.Row> d : byDomain) {
                LeaderboardService.Row c = d.get(key);
                cells.add(c == null ? new DomainCell(null, null, null) : new DomainCell(c.humanRank(), c.low(), c.high()));
            }
            lines.add(new DomainLine(r.agent(), r.owner(), r.version(), agentHref(r.owner(), r.agent()), cells));
        }
        return new DomainMatrix(overall.version(), domains, lines);
    }

    /** Pairwise matrices of a board: observed win rate, common tasks, and the win probability Elo predicts. */
    public record Pairwise(String scope, String title, long version, List<String> agents, List<String> links,
            List<List<Double>> winRate, List<List<Integer>> common, List<List<Double>> predicted) {
    }

    @Transactional
    public Pairwise pairwise(String scope, Requester viewer) {
        LeaderboardService.Board board = boards.board(scope, viewer, null);
        String key = "pairwise|" + scope + "|" + board.version() + "|" + board.cohort() + "|"
                + board.rows().stream().map(r -> r.owner() + "/" + r.agent() + "@" + r.version()).toList();
        return cached(key, () -> pairwise(scope, board));
    }

    private Pairwise pairwise(String scope, LeaderboardService.Board board) {
        List<LeaderboardService.Row> rows = board.rows().stream().filter(r -> !r.reported()).limit(30).toList();
        Map<String, Map<String, double[]>> runs = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (LeaderboardService.Row r : rows) {
            keys.add(r.owner() + "/" + r.agent() + " v" + r.version());
        }
        Map<String, Long> versionIds = versionIds(rows);
        Map<String, TaskService.TaskFacts> facts = tasks.facts();
        for (int i = 0; i < rows.size(); i++) {
            Long id = versionIds.get(keys.get(i));
            Map<String, double[]> byTask = new TreeMap<>();
            for (BoardEntry e : BoardEntry.<BoardEntry>list("agentVersionId", id)) {
                if (LeaderboardService.inScope(scope, e.taskSlug, e.domain, facts)) {
                    byTask.put(e.taskSlug, new double[] {e.humanRankMean});
                }
            }
            runs.put(keys.get(i), byTask);
        }
        int n = rows.size();
        Double[][] winRate = new Double[n][n];
        int[][] common = new int[n][n];
        Double[][] predicted = new Double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                double wins = 0;
                int both = 0;
                for (var t : runs.get(keys.get(i)).entrySet()) {
                    double[] other = runs.get(keys.get(j)).get(t.getKey());
                    if (other != null) {
                        both++;
                        wins += t.getValue()[0] > other[0] ? 1 : t.getValue()[0] == other[0] ? 0.5 : 0;
                    }
                }
                common[i][j] = both;
                winRate[i][j] = both == 0 ? null : wins / both;
                Double ei = rows.get(i).elo();
                Double ej = rows.get(j).elo();
                predicted[i][j] = ei == null || ej == null ? null : BradleyTerry.winProbability(ei, ej);
            }
        }
        List<String> links = rows.stream().map(r -> agentHref(r.owner(), r.agent())).toList();
        List<List<Double>> w = new ArrayList<>();
        List<List<Integer>> c = new ArrayList<>();
        List<List<Double>> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w.add(java.util.Arrays.asList(winRate[i]));
            c.add(java.util.Arrays.stream(common[i]).boxed().toList());
            p.add(java.util.Arrays.asList(predicted[i]));
        }
        return new Pairwise(scope, board.title(), board.version(), keys, links, w, c, p);
    }

    /** One task of a comparison: each agent's expected HumanRank (null: not run) and the first two's difference. */
    public record TaskLine(String task, String title, String domain, List<Double> humanRanks, List<Integer> runs,
            Double difference) {
    }

    /** The paired comparison of an agent with the first one. */
    public record PairLine(String a, String b, int tasks, double difference, double low, double high, double p,
            int wins, int ties, int losses, Map<String, int[]> byDomain) {

        /** The p-value as shown: below the bootstrap's resolution it is "< 0.001". */
        public String pValue() {
            return tasks == 0 ? "—" : p < 0.001 ? "< 0.001" : String.format(java.util.Locale.ROOT, "%.3f", p);
        }
    }

    /** What is compared: an agent version, its configuration without secrets, and the budgets its episodes had. */
    public record Compared(String owner, String name, int version, String kind, String href,
            Map<String, Object> config, List<String> budgets) {
    }

    /** A comparison of 2–4 agents on their tasks. */
    public record Comparison(List<Compared> agents, List<PairLine> pairs, List<TaskLine> tasks, boolean budgetsDiffer,
            List<String> configKeys) {
    }

    /**
     * Compares agents named {@code owner/name} (their newest version with results) or {@code owner/name@v}.
     *
     * @throws DomainException 400 for fewer than 2 or more than 4 agents, 404 for one this viewer may not see
     */
    @Transactional
    public Comparison compare(List<String> refs, Requester viewer) {
        List<String> clean = refs.stream().filter(Objects::nonNull).map(String::trim).filter(s -> !s.isEmpty())
                .distinct().toList();
        if (clean.size() < 2 || clean.size() > 4) {
            throw DomainException.invalid("invalid-query",
                    "Compare 2 to 4 agents: ?agents=owner/name,owner/name[@version] (got " + clean.size() + ").");
        }
        List<AgentVersion> versions = new ArrayList<>();
        for (String ref : clean) {
            versions.add(resolve(ref, viewer));
        }
        List<Long> ids = versions.stream().map(v -> v.id).toList();
        Object[] stamp = (Object[]) BoardEntry.getEntityManager().createNativeQuery(
                "select coalesce(max(version), 0), count(*) from board_entry where agent_version_id in (?1)")
                .setParameter(1, ids).getSingleResult();
        String key = "compare|" + ids + "|" + stamp[0] + "|" + stamp[1];
        return cached(key, () -> compare(versions));
    }

    private Comparison compare(List<AgentVersion> versions) {
        Map<String, TaskService.TaskFacts> facts = tasks.facts();
        Map<String, String> domainOf = new HashMap<>();
        Map<String, Map<String, double[]>> runs = new LinkedHashMap<>();
        List<Compared> compared = new ArrayList<>();
        for (AgentVersion v : versions) {
            String key = v.agent.owner + "/" + v.agent.name + " v" + v.number;
            Map<String, double[]> byTask = new TreeMap<>();
            for (BoardEntry e : BoardEntry.<BoardEntry>list("agentVersionId", v.id)) {
                domainOf.put(e.taskSlug, e.domain);
                byTask.put(e.taskSlug, e.runs.runs().stream().mapToDouble(BoardEntry.Run::humanRank).toArray());
            }
            runs.put(key, byTask);
            compared.add(new Compared(v.agent.owner, v.agent.name, v.number, v.agent.kind,
                    agentHref(v.agent.owner, v.agent.name), withoutSecrets(v.config), budgets(v.id)));
        }
        RunScores scores = RunScores.of(domainOf, runs);
        List<String> keys = new ArrayList<>(runs.keySet());
        List<PairLine> pairs = new ArrayList<>();
        for (int i = 1; i < keys.size(); i++) {
            String a = keys.get(0);
            String b = keys.get(i);
            Map<String, int[]> byDomain = new TreeMap<>();
            boolean any = false;
            for (String t : scores.tasks()) {
                if (scores.runs(a, t) != null && scores.runs(b, t) != null) {
                    any = true;
                    double d = scores.taskMean(a, t) - scores.taskMean(b, t);
                    int[] wtl = byDomain.computeIfAbsent(scores.domain(t), x -> new int[3]);
                    wtl[d > 0 ? 0 : d == 0 ? 1 : 2]++;
                }
            }
            if (!any) {
                pairs.add(new PairLine(a, b, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, byDomain));
                continue;
            }
            Paired.Comparison c = Paired.compare(scores, a, b, REPLICATES, LeaderboardService.OPTIONS.seed());
            pairs.add(new PairLine(a, b, c.tasks(), c.difference(), c.low(), c.high(), c.p(), c.wins(), c.ties(),
                    c.losses(), byDomain));
        }
        List<TaskLine> lines = new ArrayList<>();
        for (String t : scores.tasks()) {
            List<Double> values = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (String k : keys) {
                double[] r = scores.runs(k, t);
                values.add(r == null ? null : scores.taskMean(k, t));
                counts.add(r == null ? 0 : r.length);
            }
            Double diff = values.get(0) != null && values.get(1) != null ? values.get(0) - values.get(1) : null;
            TaskService.TaskFacts f = facts.get(t);
            lines.add(new TaskLine(t, f == null ? t : f.title(), scores.domain(t), values, counts, diff));
        }
        lines.sort(java.util.Comparator.comparing((TaskLine l) -> l.difference() == null ? -1 : Math.abs(l.difference()))
                .reversed().thenComparing(TaskLine::task));
        boolean differ = compared.stream().map(Compared::budgets).distinct().count() > 1;
        java.util.Set<String> configKeys = new java.util.TreeSet<>();
        compared.forEach(c -> configKeys.addAll(c.config().keySet()));
        return new Comparison(compared, pairs, lines, differ, List.copyOf(configKeys));
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(String key, java.util.function.Supplier<T> compute) {
        Object hit = cache.getIfPresent(key);
        if (hit != null) {
            return (T) hit;
        }
        T value = compute.get(); // outside the cache's lock: it reads the database
        cache.put(key, value);
        return value;
    }

    /** An agent's page: its versions with their overall rows, per-task results, and its anytime curve. */
    public record Profile(String owner, String name, String kind, String visibility, String description,
            List<VersionLine> versions, List<TaskResult> tasks, List<double[]> anytime, int anytimeEpisodes) {
    }

    /** One version: number, configuration without secrets, its row on the overall board (or null). */
    public record VersionLine(int number, Map<String, Object> config, LeaderboardService.Row overall) {
    }

    /** One task of the agent: runs (episode ids, HumanRanks), the expected HumanRank and the mean raw score. */
    public record TaskResult(String task, String title, String domain, int version, double humanRank,
            Double finalScore, List<BoardEntry.Run> runs) {
    }

    @Transactional
    public Profile agent(String owner, String name, Requester viewer) {
        Agent agent = Agent.find(owner, name).filter(a -> a.isPublic() || viewer.owns(a.owner))
                .orElseThrow(() -> DomainException.notFound("unknown-agent",
                        "There is no agent '" + owner + "/" + name + "' you may see."));
        List<AgentVersion> versions = AgentVersion.list("agent.id = ?1 order by number desc", agent.id);
        LeaderboardService.Board overall = boards.overall(viewer);
        Map<String, TaskService.TaskFacts> facts = tasks.facts();
        List<VersionLine> lines = new ArrayList<>();
        List<TaskResult> results = new ArrayList<>();
        List<String> episodeIds = new ArrayList<>();
        for (AgentVersion v : versions) {
            LeaderboardService.Row row = overall.rows().stream().filter(r -> !r.reported() && r.owner().equals(owner)
                    && r.agent().equals(name) && r.version() == v.number).findFirst().orElse(null);
            lines.add(new VersionLine(v.number, withoutSecrets(v.config), row));
            for (BoardEntry e : BoardEntry.<BoardEntry>list("agentVersionId = ?1 order by taskSlug", v.id)) {
                TaskService.TaskFacts f = facts.get(e.taskSlug);
                results.add(new TaskResult(e.taskSlug, f == null ? e.taskSlug : f.title(), e.domain, v.number,
                        e.humanRankMean, e.finalScoreMean, e.runs.runs()));
                e.runs.runs().forEach(r -> episodeIds.add(r.episode()));
            }
        }
        List<double[]> anytime = anytime(episodeIds);
        return new Profile(agent.owner, agent.name, agent.kind, agent.visibility, agent.description, lines, results,
                anytime, episodeIds.size());
    }

    /**
     * The anytime curve: for each step k, the mean over the episodes of the best feedback-part HumanRank of the valid
     * submissions made up to step k (0 before the first), as {step, mean} pairs.
     */
    static List<double[]> anytime(List<String> episodeIds) {
        if (episodeIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = BoardEntry.getEntityManager().createQuery("""
                select s.episodeId, s.stepNumber, s.feedbackRank from EpisodeSubmission s
                where s.episodeId in ?1 and s.valid = true and s.feedbackRank is not null
                order by s.episodeId, s.stepNumber""", Object[].class).setParameter(1, episodeIds).getResultList();
        Map<String, TreeMap<Integer, Double>> best = new HashMap<>();
        int maxStep = 0;
        for (Object[] r : rows) {
            best.computeIfAbsent((String) r[0], k -> new TreeMap<>()).merge((Integer) r[1], (Double) r[2], Math::max);
            maxStep = Math.max(maxStep, (Integer) r[1]);
        }
        List<double[]> curve = new ArrayList<>();
        for (int k = 1; k <= maxStep; k++) {
            double sum = 0;
            for (String e : episodeIds) {
                TreeMap<Integer, Double> steps = best.get(e);
                double b = 0;
                if (steps != null) {
                    for (double v : steps.headMap(k, true).values()) {
                        b = Math.max(b, v);
                    }
                }
                sum += b;
            }
            curve.add(new double[] {k, sum / episodeIds.size()});
        }
        return curve;
    }

    private AgentVersion resolve(String ref, Requester viewer) {
        String spec = ref;
        Integer number = null;
        int at = ref.lastIndexOf('@');
        if (at > 0) {
            spec = ref.substring(0, at);
            try {
                number = Integer.parseInt(ref.substring(at + 1).replaceFirst("^v", ""));
            } catch (NumberFormatException e) {
                throw DomainException.invalid("invalid-query", "'" + ref + "': the version after @ is a number.");
            }
        }
        int slash = spec.indexOf('/');
        if (slash <= 0 || slash == spec.length() - 1) {
            throw DomainException.invalid("invalid-query", "'" + ref + "' is not owner/name[@version].");
        }
        String owner = spec.substring(0, slash);
        String name = spec.substring(slash + 1);
        Agent agent = Agent.find(owner, name).filter(a -> a.isPublic() || viewer.owns(a.owner))
                .orElseThrow(() -> DomainException.notFound("unknown-agent",
                        "There is no agent '" + owner + "/" + name + "' you may see."));
        AgentVersion v;
        if (number != null) {
            v = AgentVersion.<AgentVersion>find("agent.id = ?1 and number = ?2", agent.id, number).firstResult();
        } else { // the newest version with results, else the newest
            v = AgentVersion.<AgentVersion>find("agent.id = ?1 and id in (select e.agentVersionId from BoardEntry e) "
                    + "order by number desc", agent.id).firstResult();
            if (v == null) {
                v = AgentVersion.<AgentVersion>find("agent.id = ?1 order by number desc", agent.id).firstResult();
            }
        }
        if (v == null) {
            throw DomainException.notFound("unknown-agent", "Agent '" + owner + "/" + name + "' has no version "
                    + number + ".");
        }
        return v;
    }

    private static Map<String, Long> versionIds(List<LeaderboardService.Row> rows) {
        Map<String, Long> ids = new HashMap<>();
        for (LeaderboardService.Row r : rows) {
            Agent.find(r.owner(), r.agent()).ifPresent(a -> {
                AgentVersion v = AgentVersion.<AgentVersion>find("agent.id = ?1 and number = ?2", a.id, r.version())
                        .firstResult();
                if (v != null) {
                    ids.put(r.owner() + "/" + r.agent() + " v" + r.version(), v.id);
                }
            });
        }
        return ids;
    }

    /** The budgets an agent version's episodes ran with (steps, wall time, tokens, cost), each distinct setting once. */
    private static List<String> budgets(long versionId) {
        List<Object[]> rows = BoardEntry.getEntityManager().createQuery("""
                select distinct e.maxSteps, e.wallTimeSeconds, e.maxTokens, e.maxCost from Episode e
                where e.agentVersionId = ?1""", Object[].class).setParameter(1, versionId).getResultList();
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(r[0] + " steps · " + r[1] + " s" + (r[2] == null ? "" : " · " + r[2] + " tokens")
                    + (r[3] == null ? "" : " · $" + r[3]));
        }
        out.sort(null);
        return out;
    }

    /** A configuration as shown to others: anything that looks like a credential is left out. */
    static Map<String, Object> withoutSecrets(Map<String, Object> config) {
        Map<String, Object> shown = new TreeMap<>();
        if (config != null) {
            config.forEach((k, v) -> {
                String lower = k.toLowerCase(java.util.Locale.ROOT);
                if (!lower.contains("key") && !lower.contains("secret") && !lower.contains("token")
                        && !lower.contains("password")) {
                    shown.put(k, v);
                }
            });
        }
        return shown;
    }

    static String agentHref(String owner, String name) {
        return "/agents/" + enc(owner) + "/" + enc(name);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
