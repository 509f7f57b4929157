package dev.mledojo.agent.scaffold;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.EpisodeAccess;
import dev.mledojo.error.DomainException;
import dev.mledojo.llm.EpisodeLlm;
import dev.mledojo.llm.LlmClient;
import dev.mledojo.llm.LlmProviders;

/**
 * Agents of kind {@code scaffold}: an LLM scaffold whose model is reached through the episode's LLM gateway, through
 * {@link EpisodeLlm}, either the linear loop ({@link ScaffoldPolicy}, {@code scaffold: linear}, the default) or the
 * tree search ({@link TreeSearchPolicy}, {@code scaffold: tree}, with {@code drafts}, {@code max_debug_depth},
 * {@code debug_probability}). Config: the model settings ({@code provider}, {@code model}, {@code temperature},
 * {@code max_tokens}, prices, provider keys) and optional {@code context_chars}, {@code max_retries}.
 */
@ApplicationScoped
public class ScaffoldAgentFactory implements AgentFactory {

    public static final String KIND = "scaffold";
    /** The config key choosing the scaffold: {@value #LINEAR} (default) or {@value #TREE}. */
    public static final String SCAFFOLD = "scaffold";
    public static final String LINEAR = "linear";
    public static final String TREE = "tree";
    /** The tree search's settings; refused on the linear scaffold, where they would silently do nothing. */
    static final java.util.Set<String> TREE_KEYS = java.util.Set.of("drafts", "max_debug_depth", "debug_probability");

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
        validate(config);
        return policy(request -> {
            throw DomainException.conflict("no-episode", "this agent is not in a running episode");
        }, json, config);
    }

    @Override
    public AgentPolicy create(Map<String, Object> config, EpisodeAccess access) {
        validate(config);
        return policy(llm.forEpisode(access.episodeId()), json, config);
    }

    private void validate(Map<String, Object> config) {
        if (config == null || config.get("provider") == null) {
            throw new dev.mledojo.error.InvalidSetting("provider", "a scaffold agent needs 'provider' (openai-compatible or replay) and "
                    + "its settings");
        }
        providers.validate(config);
        limits(config);
        if (tree(config)) {
            search(config);
        }
    }

    /**
     * The scaffold's policy for an agent version's config (already validated by the platform), talking to the model
     * through {@code llm}; also for a runner that builds the policy away from the platform (with an HTTP client to the
     * gateway).
     */
    public static AgentPolicy policy(LlmClient llm, ObjectMapper json, Map<String, Object> config) {
        ScaffoldPolicy.Limits limits = limits(config);
        if (tree(config)) {
            return new TreeSearchPolicy(llm, new TreeSearchPolicy.Settings(limits.contextChars(), limits.maxRetries(),
                    search(config)));
        }
        return new ScaffoldPolicy(llm, json, limits);
    }

    /**
     * The scaffold's own limits from an agent version's config (already validated by the platform), for a runner that
     * builds the policy away from the platform: {@code new ScaffoldPolicy(httpClient, json, limits(config))}.
     */
    public static ScaffoldPolicy.Limits limits(Map<String, Object> config) {
        return new ScaffoldPolicy.Limits(integer(config, "context_chars", 24_000, 2_000, 1_000_000),
                integer(config, "max_retries", 2, 0, 10));
    }

    /** Whether the config asks for the tree search ({@code scaffold: tree}) rather than the linear loop (the default). */
    static boolean tree(Map<String, Object> config) {
        Object scaffold = config.get(SCAFFOLD);
        if (scaffold == null || LINEAR.equals(scaffold)) {
            for (String key : TREE_KEYS) {
                if (config.containsKey(key)) {
                    throw new dev.mledojo.error.InvalidSetting(key, "'" + key + "' is a setting of the tree-search "
                            + "scaffold: add \"scaffold\": \"tree\" or leave it out");
                }
            }
            return false;
        }
        if (TREE.equals(scaffold)) {
            return true;
        }
        throw new dev.mledojo.error.InvalidSetting(SCAFFOLD, "'scaffold' is '" + LINEAR + "' (one conversation choosing "
                + "actions, the default) or '" + TREE + "' (a tree search over whole programs)");
    }

    /** The tree search's settings from a config that asks for it. */
    static SolutionTree.Settings search(Map<String, Object> config) {
        return new SolutionTree.Settings(integer(config, "drafts", 3, 1, 20), integer(config, "max_debug_depth", 2, 0, 10),
                fraction(config, "debug_probability", 0.5));
    }

    private static int integer(Map<String, Object> config, String key, int fallback, int min, int max) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.intValue() < min || n.intValue() > max
                || (TREE_KEYS.contains(key) && n.doubleValue() != n.intValue())) {
            throw new dev.mledojo.error.InvalidSetting(key, "'" + key + "' must be a whole number between " + min + " and " + max);
        }
        return n.intValue();
    }

    private static double fraction(Map<String, Object> config, String key, double fallback) {
        Object v = config.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
            throw new dev.mledojo.error.InvalidSetting(key, "'" + key + "' must be a number between 0 and 1");
        }
        return n.doubleValue();
    }
}
