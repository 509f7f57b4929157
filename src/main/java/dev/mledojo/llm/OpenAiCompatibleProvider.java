package dev.mledojo.llm;

import dev.mledojo.error.DomainException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;

/**
 * Forwards a call to an OpenAI-compatible endpoint ({@code base_url} + {@code /chat/completions}, e.g. OpenAI, vLLM,
 * Ollama, LiteLLM) with the agent's API key from the secret store; the key is sent in the Authorization header only
 * and appears in no message, log line or error.
 */
@ApplicationScoped
public class OpenAiCompatibleProvider implements LlmProvider {

    public static final String NAME = "openai-compatible";

    private static final int MAX_ERROR_BODY = 500;

    private final ObjectMapper json;
    private final LlmConfig llm;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public OpenAiCompatibleProvider(ObjectMapper json, LlmConfig config) {
        this.json = json;
        this.llm = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(Map<String, Object> config) {
        Object base = config.get("base_url");
        if (!(base instanceof String url) || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new dev.mledojo.error.InvalidSetting("base_url", "provider 'openai-compatible' needs 'base_url' (http:// or https://, "
                    + "e.g. https://api.openai.com/v1)");
        }
        try {
            URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new dev.mledojo.error.InvalidSetting("base_url", "base_url is not a valid URL");
        }
        if (!LlmConfig.allows(llm.allowedBaseUrls(), url)) {
            throw new dev.mledojo.error.InvalidSetting("base_url", "base_url " + url + " is not one of the LLM endpoints this platform "
                    + "allows: " + String.join(", ", llm.allowedBaseUrls().orElseThrow()));
        }
        if (!(config.get("model") instanceof String m) || m.isBlank()) {
            throw new dev.mledojo.error.InvalidSetting("model", "provider 'openai-compatible' needs 'model'");
        }
    }

    @Override
    public Answer complete(Call call) {
        String base = ((String) call.config().get("base_url")).replaceAll("/+$", "");
        if (!LlmConfig.allows(llm.allowedBaseUrls(), base)) {
            // a version saved before the list was narrowed: refused here too, before any request
            throw DomainException.forbidden("llm-endpoint-not-allowed", "The agent's base_url " + base
                    + " is not one of the LLM endpoints this platform allows.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", call.model());
        body.put("messages", call.request().messages());
        if (call.request().temperature() != null) {
            body.put("temperature", call.request().temperature());
        }
        if (call.request().maxTokens() != null) {
            body.put("max_tokens", call.request().maxTokens());
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + "/chat/completions")).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } catch (IOException e) {
            throw DomainException.invalid("invalid-llm-request", "The request cannot be encoded: " + e.getMessage());
        }
        call.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            Log.warnf("LLM provider at %s unreachable: %s", base, e.getClass().getSimpleName());
            throw DomainException.upstreamFailed("llm-provider-error", "The model provider could not be reached ("
                    + e.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.upstreamFailed("llm-provider-error", "Interrupted while waiting for the model provider.");
        }
        if (response.statusCode() / 100 != 2) {
            String text = redact(response.body(), call);
            throw DomainException.upstreamFailed("llm-provider-error", "The model provider "
                    + "answered " + response.statusCode() + ": " + (text.length() > MAX_ERROR_BODY
                            ? text.substring(0, MAX_ERROR_BODY) + "..." : text));
        }
        try {
            JsonNode root = json.readTree(response.body());
            JsonNode choice = root.path("choices").path(0);
            String content = choice.path("message").path("content").asText("");
            JsonNode usage = root.path("usage");
            return new Answer(content, usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                    choice.path("finish_reason").asText("stop"));
        } catch (IOException e) {
            throw DomainException.upstreamFailed("llm-provider-error", "The model provider's answer is not chat-completions JSON.");
        }
    }

    /** Provider errors sometimes echo the key they rejected: never pass it on. */
    private static String redact(String text, Call call) {
        String out = text == null ? "" : text;
        if (call.apiKey().isPresent() && !call.apiKey().get().isEmpty()) {
            out = out.replace(call.apiKey().get(), "<redacted>");
        }
        return out;
    }
}
