package dev.mledojo.episode;

import java.util.List;

/**
 * Runs admitted episodes: {@code local} (a worker thread of this platform instance, the embedded default) or
 * {@code kubernetes} (one Job per episode). The scheduler admits into the configured one ({@code dojo.launcher}).
 */
public interface EpisodeLauncher {

    /** The launcher's name, as {@code dojo.launcher} and the episode's {@code launcher} column say it. */
    String name();

    /** How many episodes it runs at once; the scheduler admits no more. */
    int capacity();

    /** How many episodes it runs now (the scheduler compares this with {@link #capacity()}). */
    long active();

    /** The time after which an admitted episode counts as lost unless its runner renews it; null: no lease. */
    java.time.Duration lease();

    /** Runs an admitted (STARTING) episode; {@code whenDone} runs when this launcher no longer runs it. */
    void launch(String episodeId, Runnable whenDone);

    /** Stops what runs for these cancelled episodes (after their cancellation committed). */
    default void cancelled(List<String> episodeIds) {
    }
}
