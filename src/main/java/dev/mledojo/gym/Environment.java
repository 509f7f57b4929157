package dev.mledojo.gym;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * Performs one step of the Gym environment: finds the action by name, runs it, turns every agent mistake into a
 * typed error observation (never an exception), and renders the feedback text.
 */
@ApplicationScoped
public class Environment {

    private final GymRegistry registry;
    private final GymConfig config;

    public Environment(GymRegistry registry, GymConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** The outcome of a step and its rendered feedback. */
    public record Performed(String action, ActionOutcome outcome, String feedback) {
    }

    public Performed perform(EpisodeContext context, String actionName, Map<String, Object> params) {
        Map<String, Object> safeParams = params == null ? Map.of() : params;
        String name = actionName == null ? "" : actionName.trim();
        ActionOutcome outcome;
        Action action = registry.action(name).orElse(null);
        if (action == null) {
            outcome = ActionOutcome.rejected(StepError.of(registry.kind("unknown_action"),
                    name.isEmpty() ? "no action was given" : "there is no action '" + name + "'",
                    "available: " + String.join(", ", registry.actions().keySet())));
        } else if (unknownParam(action, safeParams) != null) {
            String unknown = unknownParam(action, safeParams);
            java.util.Set<String> takes = action.params().orElseThrow();
            outcome = ActionOutcome.rejected(StepError.of(registry.kind("invalid_params"), "'" + unknown
                    + "' is not a param of " + name, takes.isEmpty() ? name + " takes no params"
                    : name + " takes: " + String.join(", ", new java.util.TreeSet<>(takes))));
        } else {
            try {
                outcome = action.perform(context, safeParams);
            } catch (Params.Invalid e) {
                outcome = ActionOutcome.rejected(StepError.of(registry.kind(e.kind()), e.getMessage(), null));
            } catch (RuntimeException e) {
                Log.errorf(e, "action %s failed in episode %s", name, context.episodeId());
                outcome = ActionOutcome.rejected(StepError.of(registry.kind("sandbox_error"),
                        "the platform failed while performing " + name, null));
            }
        }
        FeedbackFormatter formatter = registry.formatter(config.feedbackFormat())
                .orElseThrow(() -> new IllegalStateException("no feedback formatter '" + config.feedbackFormat() + "'"));
        return new Performed(name, outcome, formatter.format(name, outcome, context));
    }

    /** The first param (in name order) that the action does not declare, or null. */
    public static String unknownParam(Action action, Map<String, Object> params) {
        if (action.params().isEmpty() || params == null) {
            return null;
        }
        java.util.Set<String> takes = action.params().get();
        return params.keySet().stream().filter(k -> !takes.contains(k)).sorted().findFirst().orElse(null);
    }
}
