package dev.mledojo.llm;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** The LLM endpoints the gateway may call on agents' behalf ({@code dojo.llm.*}; the Helm chart sets them). */
@ConfigMapping(prefix = "dojo.llm")
public interface LlmConfig {

    /**
     * The base URLs an {@code openai-compatible} agent config may use ({@code base_url} equal to one, or below it),
     * e.g. {@code https://api.openai.com/v1}. Unset: any http(s) URL, which lets an agent's owner make the platform
     * call any address it can reach: set it on every shared installation.
     */
    @WithName("allowed-base-urls")
    Optional<List<String>> allowedBaseUrls();

    /**
     * Whether the gateway may call a base URL that is not on the allow-list but resolves to a loopback, private,
     * link-local or other non-public address (default false: an agent's owner cannot make the platform call its own
     * network; an admin allow-lists an internal endpoint explicitly instead).
     */
    @WithName("allow-private-addresses")
    @io.smallrye.config.WithDefault("false")
    boolean allowPrivateAddresses();

    /** Whether {@code url} is explicitly on the allow-list (not merely allowed because there is no list). */
    static boolean listed(Optional<List<String>> allowed, String url) {
        return allowed.isPresent() && allows(allowed, url);
    }

    /** Whether {@code url} is allowed: no list, or equal to an allowed base URL or below it (trailing slashes aside). */
    static boolean allows(Optional<List<String>> allowed, String url) {
        if (allowed.isEmpty()) {
            return true;
        }
        String u = url.replaceAll("/+$", "");
        for (String a : allowed.get()) {
            String base = a.strip().replaceAll("/+$", "");
            if (!base.isEmpty() && (u.equals(base) || u.startsWith(base + "/"))) {
                return true;
            }
        }
        return false;
    }
}
