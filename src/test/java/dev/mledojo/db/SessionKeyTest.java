package dev.mledojo.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session key file is created readable by its owner only, from its first byte (hostile audit, finding 12). */
class SessionKeyTest {

    @TempDir
    Path dir;

    @Test
    void theKeyIsCreatedOwnerOnlyAndReused() throws Exception {
        Path file = dir.resolve("keys/session.key");
        String key = SessionKey.readOrCreate(file);
        assertThat(key).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.exists(file.resolveSibling("session.key.new"))).isFalse();
        assertThat(SessionKey.readOrCreate(file)).isEqualTo(key);
    }
}
