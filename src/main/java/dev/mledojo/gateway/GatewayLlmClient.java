package dev.mledojo.gateway;

import dev.mledojo.llm.ChatCompletions;
import dev.mledojo.llm.LlmClient;

/** The in-process client: the runner and the gateway share the JVM, so the agent calls the gateway service directly. */
final class GatewayLlmClient implements LlmClient {

    private final LlmGateway gateway;
    private final String episodeId;

    GatewayLlmClient(LlmGateway gateway, String episodeId) {
        this.gateway = gateway;
        this.episodeId = episodeId;
    }

    @Override
    public ChatCompletions.Response chat(ChatCompletions.Request request) {
        return gateway.complete(episodeId, request);
    }
}
