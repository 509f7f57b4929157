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
        if (!LlmConfig.listed(llm.allowedBaseUrls(), url) && !llm.allowPrivateAddresses()) {
            String host = URI.create(url).getHost();
            if (host == null || host.equalsIgnoreCase("localhost") || host.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost")
                    || (literalAddress(host) && !isPublic(literal(host)))) {
                throw new dev.mledojo.error.InvalidSetting("base_url", "base_url " + url + " points to a loopback or "
                        + "private address, which the platform does not call on an agent's behalf (an admin can "
                        + "allow-list an internal endpoint)");
            }
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
        requirePublic(base);
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
            // the body is for the platform's operators (it may come from anything the URL reached), not the submitter
            String text = redact(response.body(), call);
            Log.warnf("LLM provider at %s answered %d: %s", base, response.statusCode(),
                    text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) + "..." : text);
            throw DomainException.upstreamFailed("llm-provider-error", "The model provider answered HTTP "
                    + response.statusCode() + " (its answer is in the platform's log).");
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

    /**
     * Refuses, before any request, a base URL that is not explicitly allow-listed and resolves to a non-public address
     * (loopback, private, link-local such as cloud metadata, carrier-grade NAT, unique-local IPv6, multicast).
     * The JDK client resolves the name again when it connects; the window between the two is the residual risk of
     * DNS rebinding (security.md).
     */
    void requirePublic(String base) {
        if (LlmConfig.listed(llm.allowedBaseUrls(), base) || llm.allowPrivateAddresses()) {
            return;
        }
        String host = URI.create(base).getHost();
        java.net.InetAddress[] addresses;
        try {
            addresses = java.net.InetAddress.getAllByName(host);
        } catch (java.net.UnknownHostException | SecurityException e) {
            throw DomainException.upstreamFailed("llm-provider-error", "The model provider's host " + host
                    + " cannot be resolved.");
        }
        for (java.net.InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw DomainException.forbidden("llm-endpoint-not-allowed", "The agent's base_url " + base
                        + " resolves to a loopback or private address, which the platform does not call on an agent's "
                        + "behalf (an admin can allow-list an internal endpoint with dojo.llm.allowed-base-urls).");
            }
        }
    }

    /** Whether an address is on the public internet. */
    static boolean isPublic(java.net.InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return !(first == 0 || (first == 100 && second >= 64 && second < 128) // "this network", CGNAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || first >= 240); // IETF, reserved
        }
        return (b[0] & 0xfe) != 0xfc; // fc00::/7 unique local
    }

    private static boolean literalAddress(String host) {
        return host.matches("[0-9.]+") || host.startsWith("[") || host.contains(":");
    }

    private static java.net.InetAddress literal(String host) {
        try {
            return java.net.InetAddress.getByName(host.replace("[", "").replace("]", "")); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return java.net.InetAddress.getLoopbackAddress(); // not an address after all: treated as not public
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
