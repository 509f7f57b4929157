package dev.mledojo.episode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

import dev.mledojo.account.Requester;
import dev.mledojo.db.ChangeFeed;
import dev.mledojo.db.ChangeHub;

/**
 * An episode, live, as server-sent events: {@code step} events for each step as it is recorded and {@code state}
 * events whenever the episode's state, counters or result change; the stream ends after the episode is closed (its
 * last event is the closed state with the result), or after {@link #MAX_DURATION}. Each event's id is the number of
 * the last step sent, so a reconnecting {@code EventSource} (header {@code Last-Event-ID}) or {@code ?after=N} skips
 * the steps already seen. The stream reads the episode when it opens and then only when the database announces a
 * committed change of it ({@link ChangeFeed}): an idle viewer costs no queries.
 */
@Path("/api/v1/episodes/{id}/events")
@Tag(name = "Episodes (Gym)")
public class EpisodeEventsResource {

    /** A stream lasts at most this long; EventSource reconnects by itself and goes on from its last event id. */
    static final Duration MAX_DURATION = Duration.ofMinutes(30);

    private final EpisodeWatch watch;
    private final ChangeFeed feed;
    private final SecurityIdentity identity;

    public EpisodeEventsResource(EpisodeWatch watch, ChangeFeed feed, SecurityIdentity identity) {
        this.watch = watch;
        this.feed = feed;
        this.identity = identity;
    }

    @GET
    @Blocking // the access check reads the database; later reads run on worker threads too
    @PermitAll
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow an episode live (server-sent events)", description = "Events `state` (state, counters, "
            + "best feedback-part score, result once closed) and `step` (number, action, status, error kind, reward, "
            + "feedback-part score, feedback excerpt), only when something changed; ends when the episode is closed. "
            + "The owner or an admin; anyone for an episode of a public agent.")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @QueryParam("after") Integer after,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        watch.check(Requester.viewer(identity), id); // 404/401/403 now, before the stream starts
        AtomicInteger sent = new AtomicInteger(Math.max(after == null ? 0 : after, parse(lastEventId)));
        AtomicReference<EpisodeWatch.Header> previous = new AtomicReference<>();
        // one read now, then one per committed change of this episode (announced by the database, from any replica)
        return feed.follow("episode", List.of(new ChangeHub.Topic(ChangeFeed.EPISODE, id)), () -> {
            EpisodeWatch.Poll poll = watch.poll(id, sent.get());
            List<OutboundSseEvent> events = new ArrayList<>();
            for (EpisodeWatch.StepLine step : poll.steps()) {
                sent.set(step.number());
                events.add(event(sse, "step", sent.get(), step));
            }
            if (!poll.header().equals(previous.getAndSet(poll.header()))) {
                events.add(event(sse, "state", sent.get(), poll.header()));
            }
            // the read that saw the episode closed is the last: its header was read first, so it came with every step
            return new ChangeFeed.Batch<>(events, poll.header().closed());
        }).select().first(MAX_DURATION);
    }

    private static OutboundSseEvent event(Sse sse, String name, int id, Object data) {
        return sse.newEventBuilder().name(name).id(String.valueOf(id)).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(data.getClass(), data).build();
    }

    private static int parse(String lastEventId) {
        try {
            return lastEventId == null ? 0 : Math.max(0, Integer.parseInt(lastEventId.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
