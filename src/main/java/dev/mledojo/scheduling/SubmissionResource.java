package dev.mledojo.scheduling;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** Submitting agents to run on task suites, following them, cancelling them. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Submissions")
public class SubmissionResource {

    private final SubmissionService submissions;
    private final SecurityIdentity identity;

    public SubmissionResource(SubmissionService submissions, SecurityIdentity identity) {
        this.submissions = submissions;
        this.identity = identity;
    }

    @POST
    @Path("/submissions")
    @RolesAllowed({"submitter", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an agent on a suite", description = "{agent, version?, suite: {tasks}|{tag}|{domain}|{all: true}, "
            + "seeds?, budget?: {max_steps, wall_time_s, max_tokens, max_cost}}; one queued episode per (task, seed). A "
            + "mistake names the request field at fault in the problem's 'field' member (e.g. seeds, budget.max_steps). An Idempotency-Key header "
            + "makes retries safe: the same key returns the same submission.")
    public Response create(@HeaderParam("Idempotency-Key") String key, SubmissionService.CreateRequest request) {
        SubmissionService.Created created = submissions.create(identity.getPrincipal().getName(), key, request);
        return Response.status(created.created() ? 201 : 200).entity(created.submission())
                .header("Location", "/api/v1/submissions/" + created.submission().id()).build();
    }

    @GET
    @Path("/submissions/{id}")
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "A submission's progress: episodes, states, queue positions and ETAs, results")
    public SubmissionService.SubmissionView get(@PathParam("id") long id) {
        return submissions.get(identity.getPrincipal().getName(), identity.hasRole("admin"), id);
    }

    @DELETE
    @Path("/submissions/{id}")
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "Cancel a submission: queued episodes never start, running ones stop at their next step")
    public SubmissionService.SubmissionView cancel(@PathParam("id") long id) {
        return submissions.cancel(identity.getPrincipal().getName(), identity.hasRole("admin"), id);
    }
}
