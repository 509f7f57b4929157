package dev.mledojo.secret;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The key that encrypts platform secrets at rest (env {@code DOJO_SECRETS_KEY}); defaults to the session key. */
@ConfigMapping(prefix = "dojo.secrets")
public interface SecretsConfig {

    Optional<String> key();
}
