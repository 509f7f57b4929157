package dev.mledojo.scheduling;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.mledojo.agent.AgentService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/** The signed-in user's submissions (newest first, with progress) and agents. */
@Path("/me")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"submitter", "admin"})
public class MePage {

    private static final int MY_SUBMISSIONS = 100;

    private final SubmissionService submissions;
    private final AgentService agents;
    private final SecurityIdentity identity;

    public MePage(SubmissionService submissions, AgentService agents, SecurityIdentity identity) {
        this.submissions = submissions;
        this.agents = agents;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance submissions(List<SubmissionService.SubmissionSummary> submissions);

        static native TemplateInstance agents(List<AgentService.AgentView> agents);
    }

    @GET
    @Path("/submissions")
    public TemplateInstance submissions() {
        return Templates.submissions(submissions.mine(identity.getPrincipal().getName(), MY_SUBMISSIONS));
    }

    @GET
    @Path("/agents")
    public TemplateInstance agents() {
        return Templates.agents(agents.mine(identity.getPrincipal().getName()));
    }

    /** The config of an agent's newest version. */
    @TemplateExtension
    static String latestConfig(AgentService.AgentView agent) {
        return agent.versions().isEmpty() ? "" : String.valueOf(agent.versions().get(agent.versions().size() - 1).config());
    }
}
