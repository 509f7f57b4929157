package dev.mledojo.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.mledojo.db.ChangeHub.Topic;

/** Notifications reach the watchers of their channel and key only; a resync reaches every watcher once. */
class ChangeHubTest {

    @Test
    void a_notification_reaches_the_watchers_of_its_topic_until_they_stop() {
        ChangeHub hub = new ChangeHub();
        List<String> seen = new CopyOnWriteArrayList<>();
        Topic episodeA = new Topic("dojo_episode", "a");
        Runnable stopA = hub.watch(List.of(episodeA), t -> seen.add("first " + t.key()));
        hub.watch(List.of(episodeA, new Topic("dojo_queue", "")), t -> seen.add("second " + t.channel()));
        hub.watch(List.of(new Topic("dojo_episode", "b")), t -> seen.add("third " + t.key()));

        assertThat(hub.publish("dojo_episode", "a")).isEqualTo(2);
        assertThat(seen).containsExactlyInAnyOrder("first a", "second dojo_episode");
        seen.clear();
        assertThat(hub.publish("dojo_queue", null)).isEqualTo(1);
        assertThat(seen).containsExactly("second dojo_queue");
        seen.clear();
        assertThat(hub.publish("dojo_episode", "nobody")).isZero();
        assertThat(hub.publish("dojo_submission", "a")).isZero();
        assertThat(seen).isEmpty();

        stopA.run();
        assertThat(hub.publish("dojo_episode", "a")).isEqualTo(1);
        assertThat(seen).containsExactly("second dojo_episode");
        assertThat(hub.size()).isEqualTo(2);
    }

    @Test
    void a_resync_tells_every_watcher_once_however_many_topics_it_follows() {
        ChangeHub hub = new ChangeHub();
        List<String> seen = new CopyOnWriteArrayList<>();
        hub.watch(List.of(new Topic("dojo_submission", "7"), new Topic("dojo_queue", "")), t -> seen.add("sub " + t));
        Runnable stop = hub.watch(List.of(new Topic("dojo_episode", "a")), t -> seen.add("ep " + t));
        assertThat(hub.resyncAll()).isEqualTo(2);
        assertThat(seen).containsExactlyInAnyOrder("sub " + ChangeHub.RESYNC, "ep " + ChangeHub.RESYNC);
        stop.run();
        seen.clear();
        assertThat(hub.resyncAll()).isEqualTo(1);
        assertThat(seen).containsExactly("sub " + ChangeHub.RESYNC);
    }
}
