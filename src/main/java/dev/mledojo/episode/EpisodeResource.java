package dev.mledojo.episode;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.account.Requester;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The Gym environment over HTTP: create an interactive episode, step it, read its history, close it, export its
 * trajectories. Only the owner (or an admin) may use an episode.
 */
@Path("/api/v1/episodes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Episodes (Gym)")
public class EpisodeResource {

    private final EpisodeService episodes;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final dev.mledojo.account.AccountService accounts;

    public EpisodeResource(EpisodeService episodes, SecurityIdentity identity, ObjectMapper json,
            dev.mledojo.account.AccountService accounts) {
        this.episodes = episodes;
        this.identity = identity;
        this.json = json;
        this.accounts = accounts;
    }

    private Requester caller() {
        return accounts.requester(identity);
    }

    @POST
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "Create an interactive episode", description = "{task, seed?, budget?: {max_steps, wall_time_s}, "
            + "score_mode?: humanrank|raw}; returns {id, observation}.")
    public Response create(EpisodeViews.CreateRequest request) {
        EpisodeViews.Created created = episodes.create(caller(), request);
        return Response.status(201).header("Location", "/api/v1/episodes/" + created.id()).entity(created).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"submitter", "admin", EpisodeTokenIdentityProvider.ROLE})
    @Operation(summary = "An episode's state and, once closed, its result")
    public EpisodeViews.EpisodeView get(@PathParam("id") String id) {
        return episodes.view(caller(), id);
    }

    @POST
    @Path("/{id}/step")
    @RolesAllowed({"submitter", "admin", EpisodeTokenIdentityProvider.ROLE})
    @Operation(summary = "Take a step", description = "{action, params}; returns {observation, reward, done, info}. "
            + "Mistakes in the action or its params come back as an error observation.")
    public EpisodeViews.StepResponse step(@PathParam("id") String id, EpisodeViews.StepRequest request) {
        return episodes.step(this::caller, id, request);
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({"submitter", "admin", EpisodeTokenIdentityProvider.ROLE})
    @Operation(summary = "The environment history: every step, in order")
    public EpisodeViews.History history(@PathParam("id") String id) {
        return episodes.history(caller(), id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "Close the episode", description = "Computes the final result on the final part of the answers.")
    public EpisodeViews.EpisodeView close(@PathParam("id") String id) {
        return episodes.close(caller(), id);
    }

    @GET
    @Path("/{id}/export/env_history.json")
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "MLE-Dojo env_history.json")
    public Map<String, Object> envHistory(@PathParam("id") String id) {
        Episode e = episodes.episodeFor(caller(), id);
        var best = episodes.best(caller(), id)
                .map(b -> new TrajectoryExports.BestSubmission(b.code, b.feedbackScore, b.feedbackRank)).orElse(null);
        return TrajectoryExports.envHistory(new TrajectoryExports.EnvHistory(e.taskSlug, episodes.steps(id),
                e.totalReward, best, e.stepCount, e.createdAt));
    }

    @GET
    @Path("/{id}/export/agent_trajectory.json")
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "MLE-Dojo agent_trajectory.json", description = "The conversation as {role, content} messages: "
            + "the messages recorded by the LLM gateway when there are any, otherwise each action the agent sent and "
            + "the feedback it read.")
    public List<Map<String, String>> agentTrajectory(@PathParam("id") String id) {
        episodes.episodeFor(caller(), id);
        List<TrajectoryExports.Message> recorded = episodes.messages(id).stream()
                .map(m -> new TrajectoryExports.Message(m.role, m.content)).toList();
        return TrajectoryExports.agentTrajectory(recorded, recorded.isEmpty() ? episodes.steps(id) : List.of(), json);
    }
}
