package dev.mledojo.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.error.DomainException;

/** The allow-list of LLM endpoints ({@code dojo.llm.allowed-base-urls}): the gateway calls nothing else. */
class OpenAiCompatibleProviderTest {

    static OpenAiCompatibleProvider provider(List<String> allowed) {
        LlmConfig config = () -> Optional.ofNullable(allowed);
        return new OpenAiCompatibleProvider(new ObjectMapper(), config);
    }

    static Map<String, Object> config(String baseUrl) {
        return Map.of("provider", "openai-compatible", "base_url", baseUrl, "model", "m");
    }

    @Test
    void onlyAllowedBaseUrlsOrPathsBelowThemAreAccepted() {
        OpenAiCompatibleProvider p = provider(List.of("https://api.openai.com/v1", "http://vllm.internal:8000/v1/"));
        p.validate(config("https://api.openai.com/v1"));
        p.validate(config("https://api.openai.com/v1/"));
        p.validate(config("http://vllm.internal:8000/v1"));
        p.validate(config("https://api.openai.com/v1/deployments/x"));
        for (String refused : List.of("https://api.openai.com/v1.evil.example", "https://api.openai.com",
                "http://api.openai.com/v1", "http://169.254.169.254/latest", "https://evil.example/v1")) {
            assertThatThrownBy(() -> p.validate(config(refused))).as(refused)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of the LLM endpoints");
        }
    }

    @Test
    void withoutAListAnyHttpUrlIsAccepted() {
        provider(null).validate(config("http://anything.example:1234/v1"));
        assertThatThrownBy(() -> provider(null).validate(config("file:///etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
    }

    @Test
    void aSavedConfigOutsideTheListIsRefusedBeforeAnyRequest() {
        OpenAiCompatibleProvider p = provider(List.of("https://api.openai.com/v1"));
        LlmProvider.Call call = new LlmProvider.Call(config("http://10.0.0.1:8080/v1"), "m",
                new ChatCompletions.Request("m", List.of(new ChatCompletions.Message("user", "hi")), null, null), 0,
                Optional.empty());
        assertThatThrownBy(() -> p.complete(call)).isInstanceOf(DomainException.Forbidden.class)
                .hasMessageContaining("not one of the LLM endpoints");
    }
}
