package dev.mledojo.leaderboard;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.account.Requester;
import dev.mledojo.error.DomainException;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskService;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Leaderboards as JSON: overall and per task, read from the board projection, and a task's score distribution; public agents for everyone, private ones
 * for their owner and admins; admins may rebuild the projection.
 */
@Path("/api/v1/leaderboards")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Leaderboards")
public class LeaderboardResource {

    private final LeaderboardService boards;
    private final BoardProjector projector;
    private final TaskService tasks;
    private final SecurityIdentity identity;

    public LeaderboardResource(LeaderboardService boards, BoardProjector projector, TaskService tasks,
            SecurityIdentity identity) {
        this.boards = boards;
        this.projector = projector;
        this.tasks = tasks;
        this.identity = identity;
    }

    @GET
    @Path("/overall")
    @PermitAll
    @Operation(summary = "Agents by mean final HumanRank with a 95% bootstrap interval (seeds averaged per task first; "
            + "runs the agent failed count as 0); ?version=N reads the snapshot of board version N")
    public LeaderboardService.Board overall(@QueryParam("version") Long version) {
        return boards.overall(Requester.viewer(identity), version);
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
}
