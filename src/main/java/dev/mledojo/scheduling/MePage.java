package dev.mledojo.scheduling;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The signed-in user's submissions (newest first, with progress); the new-submission form is {@link SubmitPage}, the
 * agents are on {@code dev.mledojo.agent.AgentPage}.
 */
@Path("/me")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"submitter", "admin"})
public class MePage {

    private static final int MY_SUBMISSIONS = 100;

    private final SubmissionService submissions;
    private final SecurityIdentity identity;

    public MePage(SubmissionService submissions, SecurityIdentity identity) {
        this.submissions = submissions;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance submissions(List<SubmissionService.SubmissionSummary> submissions);
    }

    @GET
    @Path("/submissions")
    public TemplateInstance submissions() {
        return Templates.submissions(submissions.mine(identity.getPrincipal().getName(), MY_SUBMISSIONS));
    }
}
