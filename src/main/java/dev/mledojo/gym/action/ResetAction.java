package dev.mledojo.gym.action;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.gym.Action;
import dev.mledojo.gym.ActionOutcome;
import dev.mledojo.gym.EpisodeContext;

/**
 * {@code reset}: a fresh state in the same episode: the workspace is emptied and the current and best scores start
 * over; the step numbering and the recorded history go on.
 */
@ApplicationScoped
public class ResetAction implements Action {

    @Override
    public String name() {
        return "reset";
    }

    @Override
    public java.util.Optional<java.util.Set<String>> params() {
        return java.util.Optional.of(java.util.Set.of());
    }

    @Override
    public String description() {
        return "Start over: empty /workspace and clear the current and best scores; history and step numbers go on.";
    }

    @Override
    public ActionOutcome perform(EpisodeContext context, Map<String, Object> params) {
        return ActionOutcome.success(Map.of("reset", true), Map.of("Environment Reset",
                "The workspace is empty again and the best score starts over. The step numbering continues at step "
                        + (context.step() + 1) + ".")).withReset();
    }
}
