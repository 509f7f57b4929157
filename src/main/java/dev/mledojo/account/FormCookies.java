package dev.mledojo.account;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalLong;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads when a form sign-in cookie was issued. Quarkus' form authentication keeps no server state: its cookie is
 * {@code AES-GCM(SHA-256(quarkus.http.auth.session.encryption-key), "<idle expiry millis>:<user name>")}, Base64 of
 * {@code [iv length][iv][ciphertext]} (quarkus-vertx-http's {@code PersistentLoginManager}, checked against a real
 * cookie by {@code SessionEndTest}); a cookie is (re)issued with expiry = now + {@code quarkus.http.auth.form.timeout},
 * so its issue time is the expiry minus the timeout.
 */
final class FormCookies {

    private FormCookies() {
    }

    /** The issue time in epoch milliseconds, or empty when the value is not a cookie made with this key. */
    static OptionalLong issuedAtMillis(String value, String encryptionKey, Duration timeout) {
        if (value == null || value.isEmpty() || encryptionKey == null || encryptionKey.length() < 16) {
            return OptionalLong.empty();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(value.getBytes(StandardCharsets.UTF_8)));
            int ivLength = in.get();
            if (ivLength <= 0 || ivLength > in.remaining()) {
                return OptionalLong.empty();
            }
            byte[] iv = new byte[ivLength];
            in.get(iv);
            byte[] sealed = new byte[in.remaining()];
            in.get(sealed);
            byte[] key = MessageDigest.getInstance("SHA-256").digest(encryptionKey.getBytes(StandardCharsets.UTF_8));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            String plain = new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
            int sep = plain.indexOf(':');
            if (sep <= 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(plain.substring(0, sep)) - timeout.toMillis());
        } catch (GeneralSecurityException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
