package dev.mledojo.scheduling;

import java.time.Duration;
import java.util.List;
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

import dev.mledojo.db.ChangeFeed;
import dev.mledojo.db.ChangeHub;

/**
 * A submission's progress as server-sent events: the same view as {@code GET /api/v1/submissions/{id}} (counts by
 * state, each episode's state, queue position, ETA and result) whenever it changes, until every episode is closed, or
 * for at most {@link #MAX_DURATION}. It reads the submission when it opens and then only when the database announces a
 * committed change of one of its episodes, or, while one of them is queued, a move of the queue ({@link ChangeFeed}).
 */
@Path("/api/v1/submissions/{id}/events")
@Tag(name = "Submissions")
public class SubmissionEventsResource {

    static final Duration MAX_DURATION = Duration.ofMinutes(30);

    private final SubmissionService submissions;
    private final ChangeFeed feed;
    private final SecurityIdentity identity;

    public SubmissionEventsResource(SubmissionService submissions, ChangeFeed feed, SecurityIdentity identity) {
        this.submissions = submissions;
        this.feed = feed;
        this.identity = identity;
    }

    @GET
    @Blocking // the access check reads the database; later reads run on worker threads too
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
        AtomicBoolean queued = new AtomicBoolean(true);
        List<ChangeHub.Topic> topics = List.of(new ChangeHub.Topic(ChangeFeed.SUBMISSION, String.valueOf(id)),
                new ChangeHub.Topic(ChangeFeed.QUEUE, ""));
        return feed.follow("submission", topics, new ChangeFeed.Reader<SubmissionService.SubmissionView>() {
            @Override
            public ChangeFeed.Batch<SubmissionService.SubmissionView> read() {
                SubmissionService.SubmissionView view = submissions.get(caller, admin, id);
                queued.set(view.episodes().stream().anyMatch(e -> e.position() != null));
                boolean changed = !view.equals(previous.getAndSet(view));
                // the view in which every episode is closed is the last
                return new ChangeFeed.Batch<>(changed ? List.of(view) : List.of(), view.progress() >= 1.0);
            }

            @Override
            public boolean wants(ChangeHub.Topic topic) {
                // queue positions and ETAs matter only while one of its episodes waits
                return !ChangeFeed.QUEUE.equals(topic.channel()) || queued.get();
            }
        }).select().first(MAX_DURATION);
    }
}
