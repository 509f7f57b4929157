package dev.mledojo.leaderboard;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.PermitAll;
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

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance front(LeaderboardService.Board board, List<LeaderboardService.Row> top,
                String forest, List<LeaderboardService.Newest> newest, String sandboxProblem, String install, boolean signedIn);
    }

    @GET
    @PermitAll
    public String front() {
        return rendered.page(this::stamp, () -> {
            Requester viewer = Requester.viewer(identity);
            LeaderboardService.Board board = boards.overall(viewer);
            List<LeaderboardService.Row> top = board.rows().stream().limit(TOP).toList();
            List<Charts.Bar> bars = top.stream().map(r -> new Charts.Bar(r.agent() + " v" + r.version(), r.href(),
                    r.humanRank(), r.low(), r.high())).toList();
            return Templates.front(board, top, bars.isEmpty() ? null : Charts.forest(bars, "mean HumanRank, 95 % interval"),
                    boards.newest(viewer), sandbox.cannotRunCode().orElse(null), SandboxStatus.INSTALL, !viewer.visitor());
        });
    }

    /** What this response is made of (see {@link PageCache}). */
    private String stamp() {
        return boards.stamp() + "|" + sandbox.cannotRunCode().isPresent();
    }
}
