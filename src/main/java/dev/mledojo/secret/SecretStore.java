package dev.mledojo.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps platform secrets encrypted at rest (AES-256-GCM, a fresh IV per write). The key comes from
 * {@code dojo.secrets.key} (env {@code DOJO_SECRETS_KEY}) or, by default, from the platform's session key kept in the
 * data directory. Secrets are written and used, never read back through any API.
 */
@ApplicationScoped
public class SecretStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretStore(SecretsConfig secrets,
            @ConfigProperty(name = "quarkus.http.auth.session.encryption-key") Optional<String> sessionKey) {
        String material = secrets.key().filter(s -> !s.isBlank()).or(() -> sessionKey).orElseThrow(() ->
                new IllegalStateException("no key to encrypt secrets: set DOJO_SECRETS_KEY"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("mle-dojo secrets\0" + material).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(digest, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When and by whom a secret was last set (never its value). */
    public record Described(String name, String updatedBy, Instant updatedAt) {
    }

    @Transactional
    public void put(String name, String value, String actor) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            PlatformSecret s = PlatformSecret.<PlatformSecret>findByIdOptional(name).orElseGet(PlatformSecret::new);
            boolean fresh = s.name == null;
            s.name = name;
            s.iv = iv;
            s.ciphertext = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            s.updatedBy = actor;
            s.updatedAt = Instant.now();
            if (fresh) {
                s.persist();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt secret " + name, e);
        }
    }

    /** The secret's value, for the platform's own use. */
    @Transactional
    public Optional<String> get(String name) {
        return PlatformSecret.<PlatformSecret>findByIdOptional(name).map(s -> {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, s.iv));
                cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
                return new String(cipher.doFinal(s.ciphertext), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("secret " + name + " cannot be decrypted: was the secrets key changed?", e);
            }
        });
    }

    @Transactional
    public Optional<Described> describe(String name) {
        return PlatformSecret.<PlatformSecret>findByIdOptional(name).map(s -> new Described(s.name, s.updatedBy, s.updatedAt));
    }

    @Transactional
    public boolean delete(String name) {
        return PlatformSecret.deleteById(name);
    }
}
