package dev.mledojo.agent;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;

/** The platform's base URL as agents started by the runner reach it ({@code dojo.agents.platform-url}, or this host). */
@ApplicationScoped
public class PlatformUrl {

    private final AgentsConfig config;

    public PlatformUrl(AgentsConfig config) {
        this.config = config;
    }

    public String get() {
        return config.platformUrl().map(u -> u.replaceAll("/+$", "")).orElseGet(() -> {
            String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
            // read at call time: with port 0 Quarkus records the port it actually bound under the same key
            int port = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8080);
            return "http://127.0.0.1:" + port;
        });
    }
}
