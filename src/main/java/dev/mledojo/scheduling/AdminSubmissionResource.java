package dev.mledojo.scheduling;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

/** Admin actions on submissions. */
@Path("/api/v1/admin/submissions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Admin")
public class AdminSubmissionResource {

    private final SubmissionService submissions;
    private final SecurityIdentity identity;

    public AdminSubmissionResource(SubmissionService submissions, SecurityIdentity identity) {
        this.submissions = submissions;
        this.identity = identity;
    }

    @POST
    @Path("/{id}/rerun")
    @Operation(summary = "Re-run a submission: every (task, seed) is queued again with priority")
    public SubmissionService.SubmissionView rerun(@PathParam("id") long id) {
        return submissions.rerun(identity.getPrincipal().getName(), id);
    }
}
