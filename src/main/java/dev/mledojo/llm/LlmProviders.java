package dev.mledojo.llm;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** The model providers known to this platform (one bean each), found by name; checks an agent's model settings. */
@ApplicationScoped
public class LlmProviders {

    private final Instance<LlmProvider> providers;

    public LlmProviders(Instance<LlmProvider> providers) {
        this.providers = providers;
    }

    /** Checks the model settings of a config at registration; IllegalArgumentException with the reason otherwise. */
    public void validate(Map<String, Object> config) {
        LlmSettings settings = LlmSettings.of(config);
        provider(settings.provider()).validate(config);
    }

    public LlmProvider provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new dev.mledojo.error.InvalidSetting("provider", "unknown provider '" + name + "'; known providers: "
                        + providers.stream().map(LlmProvider::name).sorted().toList()));
    }
}
