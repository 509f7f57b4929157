package dev.mledojo.agent.scaffold;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.EpisodeAccess;
import dev.mledojo.error.DomainException;
import dev.mledojo.llm.EpisodeLlm;
import dev.mledojo.llm.LlmProviders;

/**
 * Agents of kind {@code scaffold}: an LLM loop ({@link ScaffoldPolicy}) whose model is reached through the episode's
 * LLM gateway, through {@link EpisodeLlm}. Config: the model settings ({@code provider}, {@code model},
 * {@code temperature}, {@code max_tokens}, prices, provider keys) and optional {@code context_chars},
 * {@code max_retries}.
 */
@ApplicationScoped
public class ScaffoldAgentFactory implements AgentFactory {

    public static final String KIND = "scaffold";

    private final LlmProviders providers;
    private final EpisodeLlm llm;
    private final ObjectMapper json;

    public ScaffoldAgentFactory(LlmProviders providers, EpisodeLlm llm, ObjectMapper json) {
        this.providers = providers;
        this.llm = llm;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public AgentPolicy create(Map<String, Object> config) {
        ScaffoldPolicy.Limits limits = validate(config);
        return new ScaffoldPolicy(request -> {
            throw DomainException.conflict("no-episode", "this agent is not in a running episode");
        }, json, limits);
    }

    @Override
    public AgentPolicy create(Map<String, Object> config, EpisodeAccess access) {
        return new ScaffoldPolicy(llm.forEpisode(access.episodeId()), json, validate(config));
    }

    private ScaffoldPolicy.Limits validate(Map<String, Object> config) {
        if (config == null || config.get("provider") == null) {
            throw new dev.mledojo.error.InvalidSetting("provider", "a scaffold agent needs 'provider' (openai-compatible or replay) and "
                    + "its settings");
        }
        providers.validate(config);
        return limits(config);
    }

    /**
     * The scaffold's own limits from an agent version's config (already validated by the platform), for a runner that
     * builds the policy away from the platform: {@code new ScaffoldPolicy(httpClient, json, limits(config))}.
     */
    public static ScaffoldPolicy.Limits limits(Map<String, Object> config) {
        return new ScaffoldPolicy.Limits(integer(config, "context_chars", 24_000, 2_000, 1_000_000),
                integer(config, "max_retries", 2, 0, 10));
    }

    private static int integer(Map<String, Object> config, String key, int fallback, int min, int max) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.intValue() < min || n.intValue() > max) {
            throw new dev.mledojo.error.InvalidSetting(key, "'" + key + "' must be a whole number between " + min + " and " + max);
        }
        return n.intValue();
    }
}
