package dev.mledojo.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy;

/**
 * A test-only agent kind: its config lists the actions to take ({@code {"script": ["get_history", ...]}}), or
 * {@code {"fail": true}} for an agent that crashes.
 */
@ApplicationScoped
public class ScriptedAgentFactory implements AgentFactory {

    @Override
    public String kind() {
        return "scripted";
    }

    @Override
    @SuppressWarnings("unchecked")
    public AgentPolicy create(Map<String, Object> config) {
        if (Boolean.TRUE.equals(config.get("fail"))) {
            return (last, task) -> {
                throw new IllegalStateException("scripted failure");
            };
        }
        List<String> script = new ArrayList<>((List<String>) config.getOrDefault("script", List.of()));
        return (last, task) -> script.isEmpty() ? Optional.empty()
                : Optional.of(new AgentPolicy.Decision(script.remove(0), Map.of()));
    }
}
