package dev.mledojo.scheduling;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * A submission's progress, live over {@code /api/v1/submissions/{id}/events}: progress bar, each episode's state,
 * queue position, ETA and HumanRank. The owner or an admin.
 */
@Path("/submissions")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"submitter", "admin"})
public class SubmissionPage {

    private final SubmissionService submissions;
    private final SecurityIdentity identity;

    public SubmissionPage(SubmissionService submissions, SecurityIdentity identity) {
        this.submissions = submissions;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance submission(SubmissionService.SubmissionView submission);
    }

    @GET
    @Path("/{id}")
    public TemplateInstance submission(@PathParam("id") long id) {
        return Templates.submission(submissions.get(name(), identity.hasRole("admin"), id));
    }

    private String name() {
        return identity.getPrincipal().getName();
    }

    /** Every episode is closed: nothing more to follow. */
    @TemplateExtension
    static boolean done(SubmissionService.SubmissionView submission) {
        return submission.progress() >= 1.0;
    }

    /** The best queue position among the submission's waiting episodes (1 = next to start), or null if none waits. */
    @TemplateExtension
    static Integer nextPosition(SubmissionService.SubmissionView submission) {
        return submission.episodes().stream().map(SubmissionService.EpisodeLine::position)
                .filter(java.util.Objects::nonNull).min(Integer::compare).orElse(null);
    }

    /** When the last of the submission's waiting episodes is expected to start (seconds), or null if none waits. */
    @TemplateExtension
    static Long lastEta(SubmissionService.SubmissionView submission) {
        return submission.episodes().stream().map(SubmissionService.EpisodeLine::etaSeconds)
                .filter(java.util.Objects::nonNull).max(Long::compare).orElse(null);
    }

    /** How many of the submission's episodes wait in the queue. */
    @TemplateExtension
    static long waiting(SubmissionService.SubmissionView submission) {
        return submission.episodes().stream().filter(e -> e.position() != null).count();
    }

    /** When the first of the submission's waiting episodes is expected to start (seconds), or null if none waits. */
    @TemplateExtension
    static Long nextEta(SubmissionService.SubmissionView submission) {
        return submission.episodes().stream().map(SubmissionService.EpisodeLine::etaSeconds)
                .filter(java.util.Objects::nonNull).min(Long::compare).orElse(null);
    }

    /** An episode line's final HumanRank, or null while it runs or when it has no result. */
    @TemplateExtension
    static Double humanRank(SubmissionService.EpisodeLine line) {
        return line.result() == null || !line.result().valid() ? null : line.result().humanRank();
    }
}
