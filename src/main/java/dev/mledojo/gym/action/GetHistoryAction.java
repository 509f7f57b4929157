package dev.mledojo.gym.action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.gym.Action;
import dev.mledojo.gym.ActionOutcome;
import dev.mledojo.gym.EpisodeContext;
import dev.mledojo.gym.StepView;

/** {@code get_history}: the steps taken so far, one line each in the feedback and in full in the result. */
@ApplicationScoped
public class GetHistoryAction implements Action {

    @Override
    public String name() {
        return "get_history";
    }

    @Override
    public java.util.Optional<java.util.Set<String>> params() {
        return java.util.Optional.of(java.util.Set.of());
    }

    @Override
    public String description() {
        return "List the steps taken so far with their status and reward.";
    }

    @Override
    public ActionOutcome perform(EpisodeContext context, Map<String, Object> params) {
        List<StepView> steps = context.history().get();
        List<Map<String, Object>> items = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (StepView s : steps) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("step", s.step());
            item.put("action", s.action());
            item.put("status", s.status());
            item.put("errorKind", s.errorKind());
            item.put("reward", s.reward());
            item.put("startedAt", s.startedAt().toString());
            items.add(item);
            text.append("Step ").append(s.step()).append(": ").append(s.action()).append(" → ").append(s.status());
            if (s.errorKind() != null) {
                text.append(" (").append(s.errorKind()).append(')');
            }
            if (s.reward() != null) {
                text.append(", reward ").append(String.format(Locale.ROOT, "%.4f", s.reward()));
            }
            text.append('\n');
        }
        if (steps.isEmpty()) {
            text.append("No steps yet.");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("steps", items);
        return ActionOutcome.success(result, Map.of("History", text.toString()));
    }
}
