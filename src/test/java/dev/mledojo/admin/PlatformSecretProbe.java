package dev.mledojo.admin;

import java.nio.charset.StandardCharsets;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.mledojo.secret.PlatformSecret;

/** Reads the stored bytes of a secret, to show that the database never holds it in clear. */
final class PlatformSecretProbe {

    private PlatformSecretProbe() {
    }

    static String ciphertextOf(String name) {
        return QuarkusTransaction.requiringNew().call(() -> new String(
                PlatformSecret.<PlatformSecret>findById(name).ciphertext, StandardCharsets.ISO_8859_1));
    }
}
