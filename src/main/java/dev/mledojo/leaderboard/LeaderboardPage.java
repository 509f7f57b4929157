package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.mledojo.account.Requester;
import dev.mledojo.web.PageCache;
import dev.mledojo.leaderboard.stats.PaperResults;
import dev.mledojo.scheduling.SandboxStatus;

/**
 * The board pages: the main board with its selectors and forest plot, the agent × domain matrix, the pairwise
 * matrices, cost against HumanRank, and the paper's results beside ours. Every view is a URL; every table links to its
 * CSV and JSON.
 */
@Path("/leaderboard")
@Produces(MediaType.TEXT_HTML)
public class LeaderboardPage {

    private final LeaderboardService boards;
    private final BoardViews views;
    private final SandboxStatus sandbox;
    private final SecurityIdentity identity;
    private final PageCache rendered;

    public LeaderboardPage(LeaderboardService boards, BoardViews views, SandboxStatus sandbox,
            SecurityIdentity identity, PageCache rendered) {
        this.boards = boards;
        this.views = views;
        this.sandbox = sandbox;
        this.identity = identity;
        this.rendered = rendered;
    }

    /** A board that can be chosen: its scope and title. */
    public record Choice(String scope, String title) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overall(LeaderboardService.Board board, LeaderboardService.Query query,
                List<Choice> choices, List<String> metrics, List<Choice> domains, String forest, String sandboxProblem,
                String install, String paperSource);

        static native TemplateInstance domains(BoardViews.DomainMatrix matrix);

        static native TemplateInstance pairwise(BoardViews.Pairwise pairwise, List<Choice> choices);

        static native TemplateInstance cost(LeaderboardService.Board board, List<Choice> choices, String chart,
                List<LeaderboardService.Row> frontier, List<LeaderboardService.Row> unpriced);
    }

    @GET
    @PermitAll
    public String overall(@QueryParam("board") String board, @QueryParam("metric") String metric,
            @QueryParam("kind") String kind, @QueryParam("owner") String owner, @QueryParam("source") String source,
            @QueryParam("coverage") String coverage, @QueryParam("version") Long version) {
        return rendered.page(this::stamp, () -> {
            LeaderboardService.Query q = new LeaderboardService.Query(board, metric, kind, owner, source, coverage, version);
            LeaderboardService.Board b = boards.query(q, Requester.viewer(identity));
            List<Charts.Bar> bars = new ArrayList<>();
            for (LeaderboardService.Row r : b.rows()) {
                if (!r.reported() && bars.size() < 40) {
                    bars.add(new Charts.Bar(r.agent() + " v" + r.version(), BoardViews.agentHref(r.owner(), r.agent()),
                            r.humanRank(), r.low(), r.high()));
                }
            }
            List<Choice> domains = b.rows().stream().flatMap(r -> r.domains().keySet().stream()).distinct().sorted()
                    .map(d -> new Choice(d, LeaderboardService.title("domain:" + d))).toList();
            return Templates.overall(b, q, choices(), LeaderboardService.METRICS, domains,
                    bars.isEmpty() ? null : Charts.forest(bars, "mean HumanRank with 95 % interval"),
                    sandbox.cannotRunCode().orElse(null), SandboxStatus.INSTALL, PaperResults.SOURCE);
        });
    }

    @GET
    @Path("/domains")
    @PermitAll
    public String domains() {
        return rendered.page(this::stamp, () -> Templates.domains(views.domains(Requester.viewer(identity))));
    }

    @GET
    @Path("/pairwise")
    @PermitAll
    public String pairwise(@QueryParam("board") String board) {
        return rendered.page(this::stamp, () -> {
            String scope = board == null || board.isBlank() ? LeaderboardService.OVERALL : board.trim();
            return Templates.pairwise(views.pairwise(scope, Requester.viewer(identity)), choices());
        });
    }

    @GET
    @Path("/cost")
    @PermitAll
    public String cost(@QueryParam("board") String board) {
        return rendered.page(this::stamp, () -> {
            LeaderboardService.Query q = new LeaderboardService.Query(board, null, null, null,
                    LeaderboardService.VERIFIED, null, null);
            LeaderboardService.Board b = boards.query(q, Requester.viewer(identity));
            List<Charts.Point> points = new ArrayList<>();
            List<LeaderboardService.Row> priced = new ArrayList<>();
            List<LeaderboardService.Row> unpriced = new ArrayList<>();
            for (LeaderboardService.Row r : b.rows()) {
                if (r.costPerTask() == null) {
                    unpriced.add(r);
                    continue;
                }
                priced.add(r);
                points.add(new Charts.Point(r.agent() + " v" + r.version(), BoardViews.agentHref(r.owner(), r.agent()),
                        r.costPerTask(), r.humanRank(), false));
            }
            List<Charts.Point> front = Charts.pareto(points);
            List<LeaderboardService.Row> frontier = new ArrayList<>();
            for (Charts.Point p : front) {
                frontier.add(priced.get(points.indexOf(p)));
            }
            return Templates.cost(b, choices(), points.isEmpty() ? null
                    : Charts.scatter(points, "LLM cost per task ($)", "mean HumanRank", true, false), frontier, unpriced);
        });
    }

    private List<Choice> choices() {
        return boards.scopes().stream().map(s -> new Choice(s, LeaderboardService.title(s))).toList();
    }


    /** What this response is made of (see {@link PageCache}). */
    private String stamp() {
        return boards.stamp() + "|" + sandbox.cannotRunCode().isPresent();
    }
}
