package dev.mledojo.llm;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.error.DomainException;

/**
 * An agent's model calls from outside the platform's JVM (an episode pod's runner): {@code POST
 * <platform>/api/v1/llm/v1/chat/completions} with the episode token, so the gateway meters, budgets and records every
 * call exactly as for an agent in process. Problems come back as the same domain errors (a used-up budget is
 * {@link DomainException.BudgetExhausted}). Only a connection that could not be opened is retried: a call that reached
 * the gateway may have been charged.
 */
public final class HttpLlmClient implements LlmClient {

    private static final int CONNECT_ATTEMPTS = 5;

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final ObjectMapper json;

    public HttpLlmClient(HttpClient http, URI platform, String token, ObjectMapper json) {
        this.http = http;
        this.endpoint = platform.resolve("/api/v1/llm/v1/chat/completions");
        this.token = token;
        this.json = json;
    }

    @Override
    public ChatCompletions.Response chat(ChatCompletions.Request request) {
        HttpRequest call;
        try {
            call = HttpRequest.newBuilder(endpoint).timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request))).build();
        } catch (IOException e) {
            throw new IllegalArgumentException("the request cannot be written as JSON", e);
        }
        HttpResponse<String> response = send(call);
        String body = response.body();
        int status = response.statusCode();
        if (status == 200) {
            try {
                return json.readValue(body, ChatCompletions.Response.class);
            } catch (IOException e) {
                throw DomainException.upstreamFailed("llm-bad-response", "The gateway's answer is not a chat completion.");
            }
        }
        String slug = "llm-call-failed";
        String detail = "The LLM gateway answered " + status + ".";
        try {
            JsonNode problem = json.readTree(body);
            String type = problem.path("type").asText("");
            if (!type.isEmpty()) {
                slug = type.substring(type.lastIndexOf('/') + 1);
            }
            detail = problem.path("detail").asText(detail);
        } catch (IOException | RuntimeException e) {
            // not problem JSON: keep the status line
        }
        if (status == 429) {
            throw DomainException.budgetExhausted(slug, detail);
        }
        if (status == 400 || status == 422) {
            throw DomainException.invalid(slug, detail);
        }
        if (status == 409) {
            throw DomainException.conflict(slug, detail);
        }
        if (status == 401 || status == 403) {
            throw DomainException.forbidden(slug, detail);
        }
        throw DomainException.upstreamFailed(slug, detail);
    }

    private HttpResponse<String> send(HttpRequest call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(call, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException e) {
                if (attempt == CONNECT_ATTEMPTS) {
                    throw DomainException.upstreamFailed("llm-gateway-unreachable", "The LLM gateway could not be "
                            + "reached: " + e.getMessage());
                }
                try {
                    Thread.sleep(500L << attempt); // backoff before opening the connection again
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw DomainException.upstreamFailed("llm-gateway-unreachable", "interrupted");
                }
            } catch (IOException e) {
                throw DomainException.upstreamFailed("llm-gateway-unreachable", "The call to the LLM gateway failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DomainException.upstreamFailed("llm-gateway-unreachable", "interrupted");
            }
        }
    }
}
