package dev.mledojo.llm;

/**
 * How an agent calls the model: the LLM gateway of its episode. The runner's scaffold agents use the in-process
 * {@link GatewayLlmClient}; an agent in a pod would call {@code POST /api/v1/llm/v1/chat/completions} with its episode
 * token, which goes through the same {@link LlmGateway#complete}.
 */
public interface LlmClient {

    /** @throws LlmException when the gateway refuses or the provider fails */
    ChatCompletions.Response chat(ChatCompletions.Request request);
}
