package dev.mledojo.episode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy;

/**
 * A test-only agent kind whose steps happen when the test says so: like {@code scripted} ({@code {"script":
 * ["get_history", ...]}}), but each action waits for a permit of {@link #GATE}, so a test can watch a running episode
 * change step by step. Without a permit for a minute the agent stops (a failed test never leaves it hanging).
 */
@ApplicationScoped
public class GatedAgentFactory implements AgentFactory {

    public static final Semaphore GATE = new Semaphore(0);

    @Override
    public String kind() {
        return "gated";
    }

    @Override
    @SuppressWarnings("unchecked")
    public AgentPolicy create(Map<String, Object> config) {
        List<String> script = new ArrayList<>((List<String>) config.getOrDefault("script", List.of()));
        return (last, task) -> {
            if (script.isEmpty()) {
                return Optional.empty();
            }
            try {
                if (!GATE.tryAcquire(60, TimeUnit.SECONDS)) {
                    return Optional.empty();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            return Optional.of(new AgentPolicy.Decision(script.remove(0), Map.of()));
        };
    }
}
