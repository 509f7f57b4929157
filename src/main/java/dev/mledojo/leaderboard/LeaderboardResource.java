package dev.mledojo.leaderboard;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.account.Requester;
import dev.mledojo.error.DomainException;
import dev.mledojo.task.TaskService;
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

    @GET
    @Path("/overall")
    @PermitAll
    @Operation(summary = "Agents by mean final HumanRank over their finished episodes (seeds averaged per task first)")
    public LeaderboardService.Board overall() {
        return boards.overall(Requester.viewer(identity));
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
}
