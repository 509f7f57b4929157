package dev.mledojo.leaderboard;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.task.TaskService;
import dev.mledojo.web.ApiException;
import io.quarkus.security.identity.SecurityIdentity;

/** Leaderboards as JSON: overall and per task; public agents for everyone, private ones for their owner. */
@Path("/api/v1/leaderboards")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Leaderboards")
public class LeaderboardResource {

    private final LeaderboardService boards;
    private final TaskService tasks;
    private final SecurityIdentity identity;

    public LeaderboardResource(LeaderboardService boards, TaskService tasks, SecurityIdentity identity) {
        this.boards = boards;
        this.tasks = tasks;
        this.identity = identity;
    }

    /** The viewer's visibility (public agents for everyone, private ones for their owner and admins). */
    public static LeaderboardService.Viewer viewer(SecurityIdentity identity) {
        return identity.isAnonymous() ? new LeaderboardService.Viewer(null, false)
                : new LeaderboardService.Viewer(identity.getPrincipal().getName(), identity.hasRole("admin"));
    }

    @GET
    @Path("/overall")
    @PermitAll
    @Operation(summary = "Agents by mean final HumanRank over their finished episodes (seeds averaged per task first)")
    public LeaderboardService.Board overall() {
        return boards.overall(viewer(identity));
    }

    @GET
    @Path("/tasks/{id}")
    @PermitAll
    @Operation(summary = "Agents on one task")
    public LeaderboardService.Board task(@PathParam("id") String id) {
        if (tasks.currentVersion(id).isEmpty()) {
            throw ApiException.notFound("unknown-task", "There is no task '" + id + "'.");
        }
        return boards.task(id, viewer(identity));
    }
}
