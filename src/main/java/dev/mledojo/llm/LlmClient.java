package dev.mledojo.llm;

/**
 * How an agent calls the model: the LLM gateway of its episode (see {@link EpisodeLlm}), in process for the runner's
 * scaffold agents, or {@code POST /api/v1/llm/v1/chat/completions} with the episode token for an agent elsewhere.
 */
public interface LlmClient {

    /** @throws dev.mledojo.error.DomainException when the gateway refuses or the provider fails */
    ChatCompletions.Response chat(ChatCompletions.Request request);
}
