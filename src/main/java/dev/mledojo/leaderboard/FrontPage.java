package dev.mledojo.leaderboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.mledojo.account.Requester;
import dev.mledojo.web.PageCache;
import dev.mledojo.scheduling.SandboxStatus;

/** The front page: what the platform is, the top of the main board with intervals, the newest results, how to submit. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class FrontPage {

    static final int TOP = 10;

    private final LeaderboardService boards;
    private final SandboxStatus sandbox;
    private final SecurityIdentity identity;
    private final PageCache rendered;

    public FrontPage(LeaderboardService boards, SandboxStatus sandbox, SecurityIdentity identity, PageCache rendered) {
        this.boards = boards;
        this.sandbox = sandbox;
        this.identity = identity;
        this.rendered = rendered;
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

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance front(LeaderboardService.Board board, List<LeaderboardService.Row> top,
                String forest, List<Newest> newest, String sandboxProblem, String install, boolean signedIn);
    }

    @GET
    @PermitAll
    @Transactional
    public String front() {
        return rendered.page(this::stamp, () -> {
            Requester viewer = Requester.viewer(identity);
            LeaderboardService.Board board = boards.overall(viewer);
            List<LeaderboardService.Row> top = board.rows().stream().limit(TOP).toList();
            List<Charts.Bar> bars = top.stream().map(r -> new Charts.Bar(r.agent() + " v" + r.version(), r.href(),
                    r.humanRank(), r.low(), r.high())).toList();
            return Templates.front(board, top, bars.isEmpty() ? null : Charts.forest(bars, "mean HumanRank, 95 % interval"),
                    newest(viewer), sandbox.cannotRunCode().orElse(null), SandboxStatus.INSTALL, !viewer.visitor());
        });
    }

    /** The newest board entries of agents this viewer may see. */
    private static List<Newest> newest(Requester viewer) {
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

    /** What this response is made of (see {@link PageCache}). */
    private String stamp() {
        return boards.stamp() + "|" + sandbox.cannotRunCode().isPresent();
    }
}
