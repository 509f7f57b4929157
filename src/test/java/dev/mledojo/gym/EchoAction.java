package dev.mledojo.gym;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** A test-only action: registering it is all it takes for the environment to offer it. */
@ApplicationScoped
public class EchoAction implements Action {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "Repeat {text} (test only).";
    }

    @Override
    public ActionOutcome perform(EpisodeContext context, Map<String, Object> params) {
        String text = Params.requiredString(params, "text", "\"hello\"");
        return ActionOutcome.success(Map.of("echo", text, "step", context.step()), Map.of("Echo", text));
    }
}
