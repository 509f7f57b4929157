package dev.mledojo.db;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes the database's change notifications ({@code NOTIFY channel, 'key'}) to the watchers of that channel and
 * key in this JVM: the live streams open here. It only says that something changed; watchers read what changed
 * themselves, so a notification that reaches no one (nobody watches that key) costs nothing, and correctness never
 * depends on this per-JVM routing table: every replica hears every notification.
 */
public final class ChangeHub {

    /** What a watcher follows: a notification channel and a payload (an id, or empty for channel-wide news). */
    public record Topic(String channel, String key) {
    }

    /** Passed to every watcher after the listener (re)connected: changes may have been missed, read everything. */
    public static final Topic RESYNC = new Topic("", "");

    /** Called on the listener's thread: must return at once (hand the read to another thread). */
    @FunctionalInterface
    public interface Watcher {
        void changed(Topic topic);
    }

    private final Map<Topic, Set<Watcher>> watchers = new ConcurrentHashMap<>();

    /** Starts calling {@code watcher} for each topic's notifications; the returned action stops it. */
    public Runnable watch(Collection<Topic> topics, Watcher watcher) {
        List<Topic> copy = List.copyOf(topics);
        for (Topic t : copy) {
            watchers.compute(t, (k, set) -> { // inside compute: never into a set that an unwatch just dropped
                Set<Watcher> s = set == null ? ConcurrentHashMap.newKeySet() : set;
                s.add(watcher);
                return s;
            });
        }
        return () -> {
            for (Topic t : copy) {
                watchers.computeIfPresent(t, (k, set) -> {
                    set.remove(watcher);
                    return set.isEmpty() ? null : set;
                });
            }
        };
    }

    /** Tells the watchers of {@code (channel, key)}; returns how many there were. */
    public int publish(String channel, String key) {
        Topic topic = new Topic(channel, key == null ? "" : key);
        Set<Watcher> set = watchers.get(topic);
        if (set == null) {
            return 0;
        }
        int n = 0;
        for (Watcher w : set) {
            w.changed(topic);
            n++;
        }
        return n;
    }

    /** Tells every watcher once (with {@link #RESYNC}); returns how many there were. */
    public int resyncAll() {
        Map<Watcher, Boolean> distinct = new IdentityHashMap<>();
        for (Set<Watcher> set : watchers.values()) {
            for (Watcher w : set) {
                distinct.put(w, Boolean.TRUE);
            }
        }
        distinct.keySet().forEach(w -> w.changed(RESYNC));
        return distinct.size();
    }

    /** The number of distinct watchers. */
    public int size() {
        Map<Watcher, Boolean> distinct = new IdentityHashMap<>();
        watchers.values().forEach(set -> set.forEach(w -> distinct.put(w, Boolean.TRUE)));
        return distinct.size();
    }
}
