package dev.mledojo.agent;

import java.util.Map;

/**
 * Makes the policy of an agent kind from an agent version's config; one bean per kind (baseline, scaffold, ...),
 * found by {@link #kind()}.
 */
public interface AgentFactory {

    String kind();

    /**
     * The values a form may offer for this kind's main setting (e.g. the names of the baselines), in order; none by
     * default.
     */
    default java.util.List<String> presets() {
        return java.util.List.of();
    }

    /** A fresh policy for one episode; config errors are reported as IllegalArgumentException with a clear message. */
    AgentPolicy create(Map<String, Object> config);

    /**
     * A fresh policy for one running episode, with the access an agent needs to reach the environment or the LLM
     * gateway itself (episode id, episode token, platform URL); kinds that need none ignore it.
     */
    default AgentPolicy create(Map<String, Object> config, EpisodeAccess access) {
        return create(config);
    }
}
