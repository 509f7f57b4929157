package dev.mledojo.gym;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One thing an agent can do in an environment ({@code request_info}, {@code execute_code}, ...). Every action is a
 * CDI bean found by its {@link #name()}: adding an action is adding a bean.
 */
public interface Action {

    /** The name an agent sends in {@code {"action": ...}}. */
    String name();

    /** One sentence for agents listing what they can do. */
    String description();

    /**
     * Performs the action. Problems the agent caused (bad params, failing code, an invalid submission) are returned
     * as an error outcome, never thrown.
     *
     * @param params the request's {@code params} (never null)
     */
    ActionOutcome perform(EpisodeContext context, Map<String, Object> params);

    /**
     * Whether the action runs the agent's code: for an episode that runs as a Kubernetes Job such an action is taken
     * by its pod's runner (which runs the code there and reports the run), never in the platform's sandbox.
     */
    default boolean runsCode() {
        return false;
    }

    /**
     * The names of the params the action takes: a step that sends another is an {@code invalid_params} error naming
     * it (its value is not stored). Empty when the action does not declare them (then any name is accepted; the size
     * limits of every step still apply).
     */
    default Optional<Set<String>> params() {
        return Optional.empty();
    }
}
