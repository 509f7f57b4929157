package dev.mledojo.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Sandboxes started ahead of a workspace's next run: after a code run, the same sandbox (limits, uid, control group,
 * mounts) is started again for that workspace, its interpreter waiting for the next code, so that the next run of an
 * agent that thinks between steps does not wait for bubblewrap and the interpreter to start. {@code max} bounds how
 * many wait at once (0: none), {@code idle} how long one waits before it is stopped, {@code delay} how long after a
 * run the next one starts (the run's own response first).
 */
public record Warmup(int max, Duration idle, Duration delay) {

    /** No sandbox waits: every run starts its own. */
    public static final Warmup OFF = new Warmup(0, Duration.ofMinutes(1), Duration.ofMillis(50));

    public Warmup {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(delay, "delay");
        if (max < 0 || idle.isNegative() || idle.isZero() || delay.isNegative()) {
            throw new IllegalArgumentException("warm sandboxes: max >= 0, idle > 0, delay >= 0");
        }
    }

    public boolean enabled() {
        return max > 0;
    }
}
