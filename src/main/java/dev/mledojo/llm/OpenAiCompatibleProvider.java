package dev.mledojo.llm;

import dev.mledojo.error.DomainException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Forwards a call to an OpenAI-compatible endpoint ({@code base_url} + {@code /chat/completions}, e.g. OpenAI, vLLM,
 * Ollama, LiteLLM) with the agent's API key from the secret store; the key is sent in the Authorization header only
 * and appears in no message, log line or error.
 * <p>
 * Egress: the base URL must be allowed ({@link LlmAllowList}: configuration and admin page); its host is resolved once
 * per call, every address checked (unless explicitly listed), and the connection goes to the checked address
 * ({@link RequestOptions#setServer}: Vert.x then neither resolves the name again nor lets DNS rebinding redirect the
 * call), while the {@code Host} header, TLS SNI and certificate host-name verification still use the URL's name. The
 * JDK's {@code java.net.http.HttpClient} has no resolver hook and checks certificates against the URL's host, so
 * pinning it would mean an IP URL and turning host-name verification off: Vert.x core, already on the classpath, does it
 * properly.
 */
@ApplicationScoped
public class OpenAiCompatibleProvider implements LlmProvider {

    public static final String NAME = "openai-compatible";

    private static final int MAX_ERROR_BODY = 500;
    private static final long TIMEOUT_MS = 5 * 60 * 1000L;

    /** Name resolution, replaceable in tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final ObjectMapper json;
    private final LlmConfig llm;
    private final LlmAllowList allowList;
    private final Resolver resolver;
    private final HttpClient http;

    @Inject
    public OpenAiCompatibleProvider(ObjectMapper json, LlmConfig config, LlmAllowList allowList, Vertx vertx) {
        this(json, config, allowList, vertx, InetAddress::getAllByName);
    }

    OpenAiCompatibleProvider(ObjectMapper json, LlmConfig config, LlmAllowList allowList, Vertx vertx, Resolver resolver) {
        this.json = json;
        this.llm = config;
        this.allowList = allowList;
        this.resolver = resolver;
        // verifyHost (default) checks the certificate against the request's host name; forceSni sends that name
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000).setVerifyHost(true)
                .setForceSni(true).setIdleTimeout(300).setMaxRedirects(0));
    }

    @PreDestroy
    void close() {
        http.close();
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
        java.util.Optional<java.util.List<String>> allowed = allowList.allowed();
        if (!LlmConfig.allows(allowed, url)) {
            throw new dev.mledojo.error.InvalidSetting("base_url", "base_url " + url + " is not one of the LLM endpoints this platform "
                    + "allows: " + String.join(", ", allowed.orElseThrow()));
        }
        if (!allowList.listed(url) && !llm.allowPrivateAddresses()) {
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
        if (!allowList.allows(base)) {
            // a version saved before the list was narrowed: refused here too, before any request
            throw DomainException.forbidden("llm-endpoint-not-allowed", "The agent's base_url " + base
                    + " is not one of the LLM endpoints this platform allows.");
        }
        URI target = URI.create(base + "/chat/completions");
        InetAddress pinned = checkedAddress(base);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", call.model());
        body.put("messages", call.request().messages());
        if (call.request().temperature() != null) {
            body.put("temperature", call.request().temperature());
        }
        if (call.request().maxTokens() != null) {
            body.put("max_tokens", call.request().maxTokens());
        }
        String payload;
        try {
            payload = json.writeValueAsString(body);
        } catch (IOException e) {
            throw DomainException.invalid("invalid-llm-request", "The request cannot be encoded: " + e.getMessage());
        }
        boolean tls = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() >= 0 ? target.getPort() : tls ? 443 : 80;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target.toString())
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(pinned, port)))
                .setFollowRedirects(false).setIdleTimeout(TIMEOUT_MS)
                .putHeader("Content-Type", "application/json");
        call.apiKey().ifPresent(key -> options.putHeader("Authorization", "Bearer " + key));
        Reply response;
        try {
            response = http.request(options)
                    .compose(req -> req.send(Buffer.buffer(payload)))
                    .compose(res -> res.body().map(b -> new Reply(res.statusCode(), b.toString())))
                    .toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            Log.warnf("LLM provider at %s (%s) unreachable: %s", base, pinned.getHostAddress(), cause.getClass().getSimpleName());
            throw DomainException.upstreamFailed("llm-provider-error", "The model provider could not be reached ("
                    + cause.getClass().getSimpleName() + ").");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.upstreamFailed("llm-provider-error", "Interrupted while waiting for the model provider.");
        }
        if (response.status() / 100 != 2) {
            // the body is for the platform's operators (it may come from anything the URL reached), not the submitter
            String text = redact(response.body(), call);
            Log.warnf("LLM provider at %s answered %d: %s", base, response.status(),
                    text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) + "..." : text);
            throw DomainException.upstreamFailed("llm-provider-error", "The model provider answered HTTP "
                    + response.status() + " (its answer is in the platform's log).");
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

    private record Reply(int status, String body) {
    }

    /**
     * Resolves the base URL's host once for this call and returns the address to connect to. Unless the URL is
     * explicitly listed (configuration or admin page) or private addresses are allowed, every address the name has must
     * be public (not loopback, private, link-local such as cloud metadata, carrier-grade NAT, unique-local IPv6 or
     * multicast), else the call is refused before any connection.
     */
    InetAddress checkedAddress(String base) {
        String host = URI.create(base).getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host == null ? "" : host.replace("[", "").replace("]", ""));
        } catch (UnknownHostException | SecurityException e) {
            throw DomainException.upstreamFailed("llm-provider-error", "The model provider's host " + host
                    + " cannot be resolved.");
        }
        if (addresses == null || addresses.length == 0) {
            throw DomainException.upstreamFailed("llm-provider-error", "The model provider's host " + host
                    + " cannot be resolved.");
        }
        if (!allowList.listed(base) && !llm.allowPrivateAddresses()) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    throw DomainException.forbidden("llm-endpoint-not-allowed", "The agent's base_url " + base
                            + " resolves to a loopback or private address, which the platform does not call on an agent's "
                            + "behalf (an admin can allow-list an internal endpoint on the admin page or with "
                            + "dojo.llm.allowed-base-urls).");
                }
            }
        }
        return addresses[0];
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
