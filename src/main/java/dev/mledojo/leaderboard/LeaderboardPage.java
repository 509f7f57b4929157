package dev.mledojo.leaderboard;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

import dev.mledojo.account.Requester;
import dev.mledojo.scheduling.SandboxStatus;

/** The overall leaderboard page. */
@Path("/leaderboard")
@Produces(MediaType.TEXT_HTML)
public class LeaderboardPage {

    private final LeaderboardService boards;
    private final SandboxStatus sandbox;
    private final SecurityIdentity identity;

    public LeaderboardPage(LeaderboardService boards, SandboxStatus sandbox, SecurityIdentity identity) {
        this.boards = boards;
        this.sandbox = sandbox;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overall(LeaderboardService.Board board, String sandboxProblem, String install);
    }

    @GET
    @PermitAll
    public TemplateInstance overall() {
        return Templates.overall(boards.overall(Requester.viewer(identity)), sandbox.cannotRunCode().orElse(null),
                SandboxStatus.INSTALL);
    }
}
