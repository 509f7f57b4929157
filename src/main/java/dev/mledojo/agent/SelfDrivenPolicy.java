package dev.mledojo.agent;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import dev.mledojo.gym.Observation;

/**
 * A policy that acts on its own (e.g. an external program stepping the environment over HTTP with its episode token)
 * instead of being asked for one action at a time; the runner waits for it and then closes the episode.
 */
public interface SelfDrivenPolicy extends AgentPolicy {

    /** How the agent ended: its exit code, or that the wall time ran out, or that the episode was closed under it. */
    record Exit(int code, boolean timedOut, boolean stopped, String logTail) {
    }

    /**
     * Runs the agent until it ends, the wall time is over, or {@code stillOpen} turns false (cancelled).
     */
    Exit drive(Duration wallTime, BooleanSupplier stillOpen);

    @Override
    default Optional<Decision> next(Observation last, TaskBrief task) {
        throw new UnsupportedOperationException("a self-driven agent is not asked for actions");
    }
}
