package dev.mledojo.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that encrypts sign-in cookies: random, kept in the data directory (owner-only) so that sessions survive a
 * restart and the key is never printed; an operator may set it instead.
 */
public final class SessionKey {

    private SessionKey() {
    }

    public static String readOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String key = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (key.length() >= 32) {
                    return key;
                }
            }
            Files.createDirectories(file.getParent());
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getEncoder().encodeToString(bytes);
            Files.writeString(file, key, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: rely on the directory's permissions
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the session key " + file, e);
        }
    }
}
