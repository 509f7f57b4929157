package dev.mledojo.llm;

/** The in-process client: the runner and the gateway share the JVM, so the agent calls the gateway service directly. */
public final class GatewayLlmClient implements LlmClient {

    private final LlmGateway gateway;
    private final String episodeId;

    public GatewayLlmClient(LlmGateway gateway, String episodeId) {
        this.gateway = gateway;
        this.episodeId = episodeId;
    }

    @Override
    public ChatCompletions.Response chat(ChatCompletions.Request request) {
        return gateway.complete(episodeId, request);
    }
}
