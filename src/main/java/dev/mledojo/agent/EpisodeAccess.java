package dev.mledojo.agent;

/**
 * How an agent reaches its running episode from outside the runner: the episode's id, its episode token (a secret,
 * valid while the episode runs) and the platform's base URL (environment under {@code /api/v1/episodes/{id}}, LLM
 * gateway under {@code /api/v1/llm/v1}).
 */
public record EpisodeAccess(String episodeId, String token, String platformUrl) {

    public String environmentUrl() {
        return platformUrl + "/api/v1/episodes/" + episodeId;
    }

    public String llmBaseUrl() {
        return platformUrl + "/api/v1/llm/v1";
    }

    @Override
    public String toString() {
        return "EpisodeAccess[episodeId=" + episodeId + ", token=<redacted>, platformUrl=" + platformUrl + "]";
    }
}
