package dev.mledojo.llm;

import java.util.Map;

/**
 * The model settings of an agent version's config: {@code provider} ({@code openai-compatible} or {@code replay}),
 * {@code model}, {@code temperature}, {@code max_tokens}, {@code price_per_1k_prompt},
 * {@code price_per_1k_completion}; provider-specific keys stay in the config.
 */
public record LlmSettings(String provider, String model, Double temperature, Integer maxTokens, double pricePer1kPrompt,
        double pricePer1kCompletion) {

    /** Config key of the stored API key's name (set by the platform, never by the user). */
    public static final String API_KEY_SECRET = "api_key_secret";

    /** Config key under which a user hands in an API key; it is moved to the secret store before the config is stored. */
    public static final String API_KEY = "api_key";

    /** Whether the config names a provider at all. */
    public static boolean present(Map<String, Object> config) {
        return config != null && config.get("provider") != null;
    }

    public static LlmSettings of(Map<String, Object> config) {
        if (!(config.get("provider") instanceof String provider) || provider.isBlank()) {
            throw new dev.mledojo.error.InvalidSetting("provider", "'provider' must be openai-compatible or replay");
        }
        Object model = config.get("model");
        if (model != null && !(model instanceof String)) {
            throw new dev.mledojo.error.InvalidSetting("model", "'model' must be a string");
        }
        Double temperature = number(config, "temperature", 0, 2);
        Double maxTokens = number(config, "max_tokens", 1, 1_000_000);
        Double prompt = number(config, "price_per_1k_prompt", 0, 1000);
        Double completion = number(config, "price_per_1k_completion", 0, 1000);
        return new LlmSettings(provider, model == null ? provider : (String) model, temperature,
                maxTokens == null ? null : maxTokens.intValue(), prompt == null ? 0 : prompt,
                completion == null ? 0 : completion);
    }

    private static Double number(Map<String, Object> config, String key, double min, double max) {
        Object v = config.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
            throw new dev.mledojo.error.InvalidSetting(key, "'" + key + "' must be a number between " + min + " and " + max);
        }
        return n.doubleValue();
    }

    /** The cost of one call at these prices. */
    public double cost(int promptTokens, int completionTokens) {
        return promptTokens / 1000.0 * pricePer1kPrompt + completionTokens / 1000.0 * pricePer1kCompletion;
    }
}
