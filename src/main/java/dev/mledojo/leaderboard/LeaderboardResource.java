package dev.mledojo.leaderboard;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.account.Requester;
import dev.mledojo.web.PageCache;
import dev.mledojo.error.DomainException;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskService;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Leaderboards as JSON (and CSV), mirroring the pages: the boards (overall, per domain, per split tag) with filters,
 * sort and cursor pages, their pairwise matrices, comparisons, agent profiles, task boards and a task's score distribution. Public agents for
 * everyone, private ones for their owner and admins; admins may rebuild the projection.
 */
@Path("/api/v1/leaderboards")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Leaderboards")
public class LeaderboardResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final LeaderboardService boards;
    private final BoardViews views;
    private final BoardProjector projector;
    private final TaskService tasks;
    private final SecurityIdentity identity;
    private final PageCache rendered;
    private final ObjectMapper json;

    public LeaderboardResource(LeaderboardService boards, BoardViews views, BoardProjector projector,
            TaskService tasks, SecurityIdentity identity, PageCache rendered, ObjectMapper json) {
        this.rendered = rendered;
        this.json = json;
        this.boards = boards;
        this.views = views;
        this.projector = projector;
        this.tasks = tasks;
        this.identity = identity;
    }

    /** A board that exists: its scope (the path segment) and title. */
    public record BoardRef(String scope, String title, String href) {
    }

    /** A page of a board's rows; {@code nextCursor} fetches the next page (null on the last). */
    public record BoardPage(String scope, String title, long version, String cohort, int tasks, int taskSetSize,
            int ranked, Double aupTauMax, boolean eloIdentified, int replicates, long seed,
            java.time.Instant computedAt, int total,
            List<LeaderboardService.Row> rows, String nextCursor) {
    }

    @GET
    @PermitAll
    @Operation(summary = "The boards: overall, one per domain, one per split tag")
    public List<BoardRef> list() {
        return boards.scopes().stream()
                .map(s -> new BoardRef(s, LeaderboardService.title(s), "/api/v1/leaderboards/" + s)).toList();
    }

    @GET
    @Path("/{scope}")
    @PermitAll
    @Operation(summary = "A board (overall, domain:<d>, tag:<t>): agents by mean final HumanRank with 95% bootstrap "
            + "intervals, rank bands, per-domain means, Elo, AUP, medal rates, effort; the MLE-Dojo paper's reported "
            + "rows on matching boards. ?version=N reads the snapshot of board version N; metric, kind, owner, source "
            + "(all|verified|reported) and coverage (all|complete) as on the page; ?format=csv for CSV; cursor pages")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @APIResponse(responseCode = "200",
            description = "A page of the board (JSON), or the whole board as CSV with ?format=csv",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BoardPage.class)))
    public Response board(@PathParam("scope") String scope, @QueryParam("version") Long version,
            @QueryParam("metric") String metric, @QueryParam("kind") String kind, @QueryParam("owner") String owner,
            @QueryParam("source") String source, @QueryParam("coverage") String coverage,
            @QueryParam("format") String format, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        boolean csv = "csv".equalsIgnoreCase(format);
        if (format != null && !format.isBlank() && !csv && !"json".equalsIgnoreCase(format)) {
            throw DomainException.invalid("invalid-query", "format is json or csv.");
        }
        LeaderboardService.Query query = new LeaderboardService.Query(scope, metric, kind, owner, source, coverage,
                version);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw DomainException.invalid("invalid-query", "limit is between 1 and " + MAX_LIMIT + ".");
        }
        String text = rendered.text(this::stamp, () -> {
            LeaderboardService.Board b = boards.query(query, Requester.viewer(identity));
            if (csv) {
                return csv(b);
            }
            int from = offset(cursor, b.version());
            int to = Math.min(b.rows().size(), from + size);
            String next = to < b.rows().size() ? java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((b.version() + ":" + to).getBytes(java.nio.charset.StandardCharsets.UTF_8)) : null;
            try {
                return json.writeValueAsString(new BoardPage(b.scope(), b.title(), b.version(), b.cohort(), b.tasks(),
                        b.taskSetSize(), b.ranked(), b.aupTauMax(), b.eloIdentified(), b.replicates(), b.seed(),
                        b.computedAt(),
                        b.rows().size(), b.rows().subList(Math.min(from, to), to), next));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        if (csv) {
            return Response.ok(text, "text/csv").header("Content-Disposition", "attachment; filename=\"leaderboard-"
                    + scope.replace(':', '-') + ".csv\"").build();
        }
        return Response.ok(text, MediaType.APPLICATION_JSON).build();
    }

    /** A cursor is "version:offset": it only continues the board version it was issued for. */
    private static int offset(String cursor, long version) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String[] parts = new String(java.util.Base64.getUrlDecoder().decode(cursor.trim()),
                    java.nio.charset.StandardCharsets.UTF_8).split(":");
            if (parts.length == 2 && Long.parseLong(parts[0]) == version) {
                return Math.max(0, Integer.parseInt(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw DomainException.invalid("invalid-cursor", "This cursor does not continue board version " + version
                + " (boards move on: pass ?version= to page through a fixed snapshot).");
    }

    static String csv(LeaderboardService.Board b) {
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (LeaderboardService.Row r : b.rows()) {
            rows.add(Arrays.asList(r.rank(), r.rankLow(), r.rankHigh(), r.agent(), r.owner(), r.version(), r.kind(),
                    r.model(), r.source(), r.humanRank(), r.low(), r.high(), r.balanced(), r.elo(), r.eloLow(),
                    r.eloHigh(), r.aup(), r.anyMedal(), r.anyMedalSem(), r.aboveMedian(), r.validRate(), r.bestOf2(),
                    r.tasks(), r.episodes(), r.seedsMin(), r.seedsMax(), r.stepsPerTask(), r.tokensPerTask(),
                    r.costPerTask(), r.wallSecondsPerTask(), b.scope(), b.version()));
        }
        return table(List.of("rank", "rank_low", "rank_high", "agent", "owner", "version", "kind", "model", "source",
                "human_rank", "low", "high", "balanced", "elo", "elo_low", "elo_high", "aup", "any_medal_pct",
                "any_medal_sem", "above_median_pct", "valid_rate", "best_of_2", "tasks", "episodes", "seeds_min",
                "seeds_max", "steps_per_task", "tokens_per_task", "cost_per_task", "wall_seconds_per_task", "board",
                "board_version"), rows);
    }

    @GET
    @Path("/domains")
    @PermitAll
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "The agent × domain matrix: each domain board's mean HumanRank with its 95% interval, for every "
            + "agent of the overall board; ?format=csv for CSV (one line per agent and domain)")
    @APIResponse(responseCode = "200",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(
                            implementation = BoardViews.DomainMatrix.class)))
    public Response domains(@QueryParam("format") String format) {
        return respond(format, "leaderboard-domains.csv", () -> views.domains(Requester.viewer(identity)), m -> {
            List<List<Object>> rows = new java.util.ArrayList<>();
            for (BoardViews.DomainLine l : m.lines()) {
                for (int i = 0; i < m.domains().size(); i++) {
                    BoardViews.DomainCell c = l.cells().get(i);
                    if (c.value() != null) {
                        rows.add(List.of(l.agent(), l.owner(), l.version(), m.domains().get(i).scope(), c.value(),
                                c.low(), c.high(), m.version()));
                    }
                }
            }
            return table(List.of("agent", "owner", "version", "domain", "human_rank", "low", "high", "board_version"),
                    rows);
        });
    }

    @GET
    @Path("/{scope}/pairwise")
    @PermitAll
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Observed win rates, common tasks and Elo-predicted win probabilities between the board's "
            + "agents (the first 30); ?format=csv for CSV (one line per ordered pair)")
    @APIResponse(responseCode = "200",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(
                            implementation = BoardViews.Pairwise.class)))
    public Response pairwise(@PathParam("scope") String scope, @QueryParam("format") String format) {
        return respond(format, "pairwise-" + scope.replace(':', '-') + ".csv",
                () -> views.pairwise(scope, Requester.viewer(identity)), p -> {
                    List<List<Object>> rows = new java.util.ArrayList<>();
                    for (int i = 0; i < p.agents().size(); i++) {
                        for (int j = 0; j < p.agents().size(); j++) {
                            if (i != j) {
                                rows.add(java.util.Arrays.asList(p.agents().get(i), p.agents().get(j),
                                        p.winRate().get(i).get(j), p.common().get(i).get(j),
                                        p.predicted().get(i).get(j), p.version()));
                            }
                        }
                    }
                    return table(List.of("agent", "opponent", "win_rate", "common_tasks", "predicted_win",
                            "board_version"), rows);
                });
    }

    @GET
    @Path("/compare")
    @PermitAll
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "2–4 agents (?agents=owner/name[@version],...) on their common tasks: paired differences with "
            + "bootstrap CIs, win/tie/loss, per-task table, configurations and budgets; ?format=csv for the per-task "
            + "table")
    @APIResponse(responseCode = "200",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(
                            implementation = BoardViews.Comparison.class)))
    public Response compare(@QueryParam("agents") String agents, @QueryParam("format") String format) {
        return respond(format, "compare.csv", () -> views.compare(agents == null ? List.of()
                : Arrays.asList(agents.split(",")), Requester.viewer(identity)), c -> {
                    List<String> header = new java.util.ArrayList<>(List.of("task", "domain"));
                    c.agents().forEach(a -> header.add(a.owner() + "/" + a.name() + " v" + a.version()));
                    header.add("difference_first_two");
                    List<List<Object>> rows = new java.util.ArrayList<>();
                    for (BoardViews.TaskLine t : c.tasks()) {
                        List<Object> row = new java.util.ArrayList<>(List.of(t.task(), t.domain()));
                        row.addAll(t.humanRanks());
                        row.add(t.difference());
                        rows.add(row);
                    }
                    return table(header, rows);
                });
    }

    @GET
    @Path("/agents/{owner}/{name}")
    @PermitAll
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "An agent's versions, overall rows, per-task results with their runs, and anytime curve; "
            + "?format=csv for its runs (one line per run)")
    @APIResponse(responseCode = "200",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(
                            implementation = BoardViews.Profile.class)))
    public Response agent(@PathParam("owner") String owner, @PathParam("name") String name,
            @QueryParam("format") String format) {
        return respond(format, "agent-" + name + ".csv", () -> views.agent(owner, name, Requester.viewer(identity)),
                p -> {
                    List<List<Object>> rows = new java.util.ArrayList<>();
                    for (BoardViews.TaskResult t : p.tasks()) {
                        for (BoardEntry.Run r : t.runs()) {
                            rows.add(java.util.Arrays.asList(t.version(), t.task(), t.domain(), r.seed(), r.episode(),
                                    r.humanRank(), r.valid(), r.finalScore(), r.medal(), r.steps(), r.cost()));
                        }
                    }
                    return table(List.of("version", "task", "domain", "seed", "episode", "human_rank", "valid",
                            "final_score", "medal", "steps", "cost"), rows);
                });
    }

    /** JSON (default) or, with {@code ?format=csv}, the CSV form of the same data. */
    private <T> Response respond(String format, String filename, java.util.function.Supplier<T> data,
            java.util.function.Function<T, String> csv) {
        if (format == null || format.isBlank() || "json".equalsIgnoreCase(format)) {
            return Response.ok(data.get(), MediaType.APPLICATION_JSON).build();
        }
        if (!"csv".equalsIgnoreCase(format)) {
            throw DomainException.invalid("invalid-query", "format is json or csv.");
        }
        return Response.ok(csv.apply(data.get()), "text/csv").header("Content-Disposition",
                "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_") + "\"").build();
    }

    /** A CSV table, written by the project's one CSV writer. */
    private static String table(List<String> header, List<List<Object>> rows) {
        StringWriter out = new StringWriter();
        try {
            CsvTables.write(out, header, rows);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    @POST
    @Path("/rebuild")
    @RolesAllowed("admin")
    @Operation(summary = "Rebuild the board projection from every ended episode (admins)")
    public Map<String, Object> rebuild() {
        return Map.of("episodes", projector.rebuild());
    }

    @GET
    @Path("/tasks/{id}")
    @PermitAll
    @Operation(summary = "Agents on one task")
    public LeaderboardService.Board task(@PathParam("id") String id) {
        if (tasks.currentVersion(id).isEmpty()) {
            throw DomainException.notFound("unknown-task", "There is no task '" + id + "'.");
        }
        return boards.task(id, Requester.viewer(identity));
    }

    @GET
    @Path("/tasks/{id}/distribution")
    @PermitAll
    @Operation(summary = "The numbers the task page plots: the private board as the share of entries a score equals or "
            + "beats, medal thresholds and median, and the runs of the agents this caller may see (public agents for "
            + "everyone, private ones for their owner and admins)")
    public ScoreDistribution distribution(@PathParam("id") String id) {
        TaskDefinition d = tasks.currentVersion(id).orElseThrow(
                () -> DomainException.notFound("unknown-task", "There is no task '" + id + "'.")).definition();
        return ScoreDistribution.of(id, d.leaderboard().label(), d.higherIsBetter(), d.privateBoard(),
                boards.taskRuns(id, Requester.viewer(identity)));
    }

    /** What this response is made of (see {@link PageCache}). */
    private String stamp() {
        return boards.stamp();
    }
}
