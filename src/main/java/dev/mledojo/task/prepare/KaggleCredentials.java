package dev.mledojo.task.prepare;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A Kaggle account's API credentials (the {@code kaggle.json} pair); {@link #toString()} never shows the key. */
public record KaggleCredentials(String username, String key) {

    public KaggleCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(key, "key");
        if (username.isBlank() || key.isBlank()) {
            throw new IllegalArgumentException("Kaggle username and key must not be blank");
        }
        username = username.trim();
        key = key.trim();
    }

    /** The value of an HTTP Basic {@code Authorization} header for these credentials. */
    String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "KaggleCredentials[username=" + username + ", key=****]";
    }
}
