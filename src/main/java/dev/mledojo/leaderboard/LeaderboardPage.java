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

/** The overall leaderboard page. */
@Path("/leaderboard")
@Produces(MediaType.TEXT_HTML)
public class LeaderboardPage {

    private final LeaderboardService boards;
    private final SecurityIdentity identity;

    public LeaderboardPage(LeaderboardService boards, SecurityIdentity identity) {
        this.boards = boards;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overall(LeaderboardService.Board board);
    }

    @GET
    @PermitAll
    public TemplateInstance overall() {
        return Templates.overall(boards.overall(Requester.viewer(identity)));
    }
}
