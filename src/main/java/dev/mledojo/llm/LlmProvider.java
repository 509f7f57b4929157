package dev.mledojo.llm;

import dev.mledojo.error.DomainException;
import java.util.Map;
import java.util.Optional;

/** Where the gateway forwards a call: a model endpoint ({@code openai-compatible}) or a recorded trajectory ({@code replay}). */
public interface LlmProvider {

    /** The config value of {@code provider} this bean serves. */
    String name();

    /** What a provider needs to answer one call. */
    record Call(Map<String, Object> config, String model, ChatCompletions.Request request, int callIndex,
            Optional<String> apiKey) {

        @Override
        public String toString() {
            return "Call[model=" + model + ", callIndex=" + callIndex + ", apiKey=<redacted>]";
        }
    }

    /** The model's answer and its token counts. */
    record Answer(String content, int promptTokens, int completionTokens, String finishReason) {
    }

    /** Checks a config at registration (IllegalArgumentException with a clear message). */
    void validate(Map<String, Object> config);

    /** @throws dev.mledojo.error.DomainException when the provider fails or has nothing more to say */
    Answer complete(Call call);
}
