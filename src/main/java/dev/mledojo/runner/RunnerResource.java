package dev.mledojo.runner;

import java.io.InputStream;
import java.nio.file.Path;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.account.Requester;
import dev.mledojo.episode.EpisodeTokenIdentityProvider;
import dev.mledojo.episode.EpisodeViews;
import io.quarkus.security.identity.SecurityIdentity;

/** The runner API of an episode's pod, authenticated by the episode token only (Bearer mle_ep_...). */
@jakarta.ws.rs.Path("/api/v1/runner/episodes/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runner")
public class RunnerResource {

    private final RunnerService runner;
    private final SecurityIdentity identity;

    public RunnerResource(RunnerService runner, SecurityIdentity identity) {
        this.runner = runner;
        this.identity = identity;
    }

    @GET
    @jakarta.ws.rs.Path("/spec")
    @RolesAllowed(EpisodeTokenIdentityProvider.ROLE)
    @Operation(summary = "The episode's spec for its runner: task, agent, budgets, public file manifest (size, sha256)")
    public RunnerService.Spec spec(@PathParam("id") String id) {
        return runner.spec(Requester.viewer(identity), id);
    }

    @GET
    @jakarta.ws.rs.Path("/data/{name: .+}")
    @RolesAllowed(EpisodeTokenIdentityProvider.ROLE)
    @Produces({MediaType.APPLICATION_OCTET_STREAM, "application/problem+json"})
    @Operation(summary = "A public file of the episode's task version")
    public Response file(@PathParam("id") String id, @PathParam("name") String name) {
        Path file = runner.file(Requester.viewer(identity), id, name);
        return Response.ok(file.toFile(), MediaType.APPLICATION_OCTET_STREAM).build();
    }

    @POST
    @jakarta.ws.rs.Path("/begin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(EpisodeTokenIdentityProvider.ROLE)
    @Operation(summary = "This pod runs the episode (RUNNING from now): its spec and start observation; another pod "
            + "gets 409 duplicate-runner")
    public RunnerService.Begun begin(@PathParam("id") String id, RunnerService.PodCall call) {
        return runner.begin(Requester.viewer(identity), id, call);
    }

    @PUT
    @jakarta.ws.rs.Path("/uploads/{sha256}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed(EpisodeTokenIdentityProvider.ROLE)
    @Operation(summary = "Store a submission file the pod's code wrote, under its SHA-256 (checked; idempotent)")
    public RunnerService.Uploaded upload(@PathParam("id") String id, @PathParam("sha256") String sha256, InputStream body) {
        return runner.upload(Requester.viewer(identity), id, sha256, body);
    }

    @POST
    @jakarta.ws.rs.Path("/steps")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(EpisodeTokenIdentityProvider.ROLE)
    @Operation(summary = "Report step n (the pod ran the code; the platform grades the uploaded submission); a retried "
            + "report of a recorded step gets its response again")
    public EpisodeViews.StepResponse step(@PathParam("id") String id, RunnerService.StepReport report) {
        return runner.step(Requester.viewer(identity), id, report);
    }

    @POST
    @jakarta.ws.rs.Path("/end")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(EpisodeTokenIdentityProvider.ROLE)
    @Operation(summary = "The agent stopped (the episode finishes with its best submission) or failed (agent-error)")
    public RunnerService.Ended end(@PathParam("id") String id, RunnerService.EndReport report) {
        return runner.end(Requester.viewer(identity), id, report);
    }

    @POST
    @jakarta.ws.rs.Path("/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(EpisodeTokenIdentityProvider.ROLE)
    @Operation(summary = "The runner pod is alive")
    public Response heartbeat(@PathParam("id") String id, RunnerService.PodCall call) {
        runner.heartbeat(Requester.viewer(identity), id, call);
        return Response.noContent().build();
    }
}
