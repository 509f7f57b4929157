package dev.mledojo.scheduling;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * A submission's progress as server-sent events: the same view as {@code GET /api/v1/submissions/{id}} (counts by
 * state, each episode's state, queue position, ETA and result) whenever it changes, until every episode is closed, or
 * for at most {@link #MAX_DURATION}.
 */
@Path("/api/v1/submissions/{id}/events")
@Tag(name = "Submissions")
public class SubmissionEventsResource {

    /** How often the stream looks at the submission (queue positions are recomputed each time). */
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration MAX_DURATION = Duration.ofMinutes(30);

    private final SubmissionService submissions;
    private final SecurityIdentity identity;

    public SubmissionEventsResource(SubmissionService submissions, SecurityIdentity identity) {
        this.submissions = submissions;
        this.identity = identity;
    }

    @GET
    @Blocking // the access check reads the database; the ticks run on worker threads too
    @RolesAllowed({"submitter", "admin"})
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Follow a submission's progress live (server-sent events)", description = "The submission view "
            + "each time it changes; ends when every episode is closed. The owner or an admin.")
    public Multi<SubmissionService.SubmissionView> events(@PathParam("id") long id) {
        String caller = identity.getPrincipal().getName();
        boolean admin = identity.hasRole("admin");
        submissions.get(caller, admin, id); // 404/403 now, before the stream starts
        AtomicReference<SubmissionService.SubmissionView> previous = new AtomicReference<>();
        AtomicBoolean ended = new AtomicBoolean();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(TICK)
                .select().first(MAX_DURATION)
                .emitOn(Infrastructure.getDefaultWorkerPool()) // reads the database: never on an I/O thread
                .map(tick -> submissions.get(caller, admin, id))
                // up to the view in which every episode is closed (inclusive); the tick after it completes the stream
                .select().first(view -> !ended.getAndSet(view.progress() >= 1.0))
                .select().where(view -> !view.equals(previous.getAndSet(view)));
    }
}
