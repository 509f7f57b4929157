package dev.mledojo.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.error.DomainException;
import io.vertx.core.Vertx;

/** The allow-list of LLM endpoints ({@code dojo.llm.allowed-base-urls}): the gateway calls nothing else. */
class OpenAiCompatibleProviderTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void closeVertx() {
        VERTX.close().toCompletionStage().toCompletableFuture().join();
    }

    static LlmConfig settings(List<String> allowed) {
        return new LlmConfig() {
            @Override
            public Optional<List<String>> allowedBaseUrls() {
                return Optional.ofNullable(allowed);
            }

            @Override
            public boolean allowPrivateAddresses() {
                return false;
            }
        };
    }

    static OpenAiCompatibleProvider provider(List<String> allowed) {
        LlmConfig config = settings(allowed);
        return new OpenAiCompatibleProvider(new ObjectMapper(), config, LlmAllowList.configOnly(config), VERTX);
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

    static LlmProvider.Call call(String baseUrl) {
        return new LlmProvider.Call(config(baseUrl), "m",
                new ChatCompletions.Request("m", List.of(new ChatCompletions.Message("user", "hi")), null, null), 0,
                Optional.empty());
    }

    @Test
    void loopbackAndPrivateAddressesAreRefusedUnlessAllowListed() {
        for (String refused : List.of("http://127.0.0.1:8080/v1", "http://localhost/v1", "http://10.1.2.3/v1",
                "http://169.254.169.254/latest", "http://[::1]:80/v1", "http://192.168.0.7/v1", "http://100.64.1.1/v1")) {
            assertThatThrownBy(() -> provider(null).validate(config(refused))).as(refused)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback or private");
        }
        provider(List.of("http://10.1.2.3/v1")).validate(config("http://10.1.2.3/v1")); // an admin's decision
        for (String address : List.of("127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "224.0.0.1")) {
            assertThat(OpenAiCompatibleProvider.isPublic(literal(address))).as(address).isFalse();
        }
        assertThat(OpenAiCompatibleProvider.isPublic(literal("8.8.8.8"))).isTrue();
        assertThat(OpenAiCompatibleProvider.isPublic(literal("2606:4700::1111"))).isTrue();
    }

    static java.net.InetAddress literal(String address) {
        try {
            return java.net.InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSavedPrivateEndpointIsNotCalledAndAProvidersErrorBodyIsNotEchoed() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            byte[] body = "internal-secret-xyz: admin panel".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            // saved before the rule (no validation now): refused before any request
            assertThatThrownBy(() -> provider(null).complete(call(base))).isInstanceOf(DomainException.Forbidden.class)
                    .hasMessageContaining("loopback or private");
            assertThat(calls.get()).isZero();
            // allow-listed by an admin: called, and its error body stays in the log
            assertThatThrownBy(() -> provider(List.of(base)).complete(call(base)))
                    .isInstanceOf(DomainException.class).hasMessageContaining("HTTP 500")
                    .hasMessageNotContaining("internal-secret-xyz");
            assertThat(calls.get()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    /**
     * DNS rebinding (hostile audit, finding 10): the name is resolved once per call, checked, and the connection goes to
     * that address; the client never resolves the name itself (here it does not exist in DNS at all), while the request
     * still names the host.
     */
    @Test
    void theCheckedAddressIsTheOneConnectedToAndTheNameIsKeptForTheRequest() throws Exception {
        java.util.List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI());
            byte[] body = "{\"choices\":[{\"message\":{\"content\":\"pinned\"},\"finish_reason\":\"stop\"}]}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        try {
            int port = server.getAddress().getPort();
            String base = "http://llm.rebind.invalid:" + port + "/v1";
            LlmConfig config = settings(List.of(base));
            OpenAiCompatibleProvider p = new OpenAiCompatibleProvider(new ObjectMapper(), config,
                    LlmAllowList.configOnly(config), VERTX, host -> {
                        lookups.incrementAndGet();
                        assertThat(host).isEqualTo("llm.rebind.invalid");
                        return new java.net.InetAddress[] {java.net.InetAddress.getLoopbackAddress()};
                    });
            LlmProvider.Answer answer = p.complete(call(base));
            assertThat(answer.content()).isEqualTo("pinned");
            assertThat(lookups.get()).isEqualTo(1);
            assertThat(hosts).containsExactly("llm.rebind.invalid:" + port + " /v1/chat/completions");

            // a name that resolves to a private address first and a public one later is refused on the first answer
            LlmConfig open = settings(null);
            OpenAiCompatibleProvider rebinding = new OpenAiCompatibleProvider(new ObjectMapper(), open,
                    LlmAllowList.configOnly(open), VERTX, host -> new java.net.InetAddress[] {
                            java.net.InetAddress.getByName("93.184.215.14"), java.net.InetAddress.getLoopbackAddress()});
            assertThatThrownBy(() -> rebinding.complete(call(base))).isInstanceOf(DomainException.Forbidden.class)
                    .hasMessageContaining("loopback or private");
            assertThat(hosts).hasSize(1);
        } finally {
            server.stop(0);
        }
    }
}
