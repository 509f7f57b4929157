package dev.mledojo.llm;

import dev.mledojo.error.DomainException;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers from a recorded trajectory in the agent's config ({@code replay: [{content, prompt_tokens,
 * completion_tokens}, ...]}), one entry per call in order; past the last entry every call fails (409
 * {@code replay-exhausted}). For tests, demos and regression checks: no network, exact token counts.
 */
@ApplicationScoped
public class ReplayProvider implements LlmProvider {

    public static final String NAME = "replay";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(Map<String, Object> config) {
        Object replay = config.get("replay");
        if (!(replay instanceof List<?> entries) || entries.isEmpty()) {
            throw new dev.mledojo.error.InvalidSetting("replay", "provider 'replay' needs 'replay': a non-empty list of "
                    + "{content, prompt_tokens, completion_tokens}");
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> e) || !(e.get("content") instanceof String)
                    || !(nonNegative(e.get("prompt_tokens")) && nonNegative(e.get("completion_tokens")))) {
                throw new dev.mledojo.error.InvalidSetting("replay", "replay[" + i + "] must be {content: string, prompt_tokens: int >= 0, "
                        + "completion_tokens: int >= 0}");
            }
        }
    }

    private static boolean nonNegative(Object n) {
        return n instanceof Number num && num.longValue() >= 0 && num.doubleValue() == num.longValue();
    }

    @Override
    public Answer complete(Call call) {
        List<?> entries = (List<?>) call.config().get("replay");
        if (call.callIndex() >= entries.size()) {
            throw DomainException.conflict("replay-exhausted", "The recorded trajectory has " + entries.size()
                    + " answers; call " + (call.callIndex() + 1) + " has none.");
        }
        Map<?, ?> e = (Map<?, ?>) entries.get(call.callIndex());
        return new Answer((String) e.get("content"), ((Number) e.get("prompt_tokens")).intValue(),
                ((Number) e.get("completion_tokens")).intValue(), "stop");
    }
}
