package dev.mledojo.gym.action;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.gym.Action;
import dev.mledojo.gym.ActionOutcome;
import dev.mledojo.gym.EpisodeContext;
import dev.mledojo.gym.GymRegistry;
import dev.mledojo.gym.InfoProvider;
import dev.mledojo.gym.Params;
import dev.mledojo.gym.StepError;

/** {@code request_info}: one registered info type ({@code overview}, {@code sample_submission}, ..., {@code all}). */
@ApplicationScoped
public class RequestInfoAction implements Action {

    private final GymRegistry registry;

    public RequestInfoAction(GymRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "request_info";
    }

    @Override
    public java.util.Optional<java.util.Set<String>> params() {
        return java.util.Optional.of(java.util.Set.of("info_type"));
    }

    @Override
    public String description() {
        return "Read information about the task: {info_type} is one of " + String.join(", ", registry.infos().keySet()) + ".";
    }

    @Override
    public ActionOutcome perform(EpisodeContext context, Map<String, Object> params) {
        String type = Params.string(params, "info_type").orElse("all");
        InfoProvider provider = registry.info(type).orElse(null);
        if (provider == null) {
            return ActionOutcome.rejected(StepError.of(registry.kind("unknown_info_type"),
                    "there is no info type '" + type + "'", "available: " + String.join(", ", registry.infos().keySet())));
        }
        String text = provider.provide(context);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("infoType", type);
        result.put("data", text);
        return ActionOutcome.success(result, Map.of("Task Info (" + type + ")", text));
    }
}
