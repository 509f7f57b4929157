package dev.mledojo.llm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The OpenAI-compatible chat-completions wire format the gateway speaks (the subset agents need). */
public final class ChatCompletions {

    private ChatCompletions() {
    }

    /** One chat message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String role, String content) {
    }

    /** {@code POST /api/v1/llm/v1/chat/completions}; unknown fields are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String model, List<Message> messages, Double temperature,
            @JsonProperty("max_tokens") Integer maxTokens) {
    }

    /** Token counts of one call. */
    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens, @JsonProperty("total_tokens") int totalTokens) {
    }

    /** One answer. */
    public record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason) {
    }

    /** The response; {@code cost} is the platform's metered cost of this call (an extension). */
    public record Response(String id, String object, long created, String model, List<Choice> choices, Usage usage,
            Double cost) {

        /** The first choice's text. */
        public String content() {
            return choices == null || choices.isEmpty() || choices.get(0).message() == null ? ""
                    : choices.get(0).message().content();
        }
    }
}
