package dev.mledojo.llm;

/**
 * How an agent of a running episode reaches its model: through the platform's LLM gateway, which meters and budgets
 * every call. Agents depend on this seam only; the gateway (a higher layer: it reads episodes and agent versions)
 * implements it in process, and an agent in a pod would use an HTTP client to the same gateway endpoint.
 */
public interface EpisodeLlm {

    /** A client whose calls are charged to, and recorded on, episode {@code episodeId}. */
    LlmClient forEpisode(String episodeId);
}
