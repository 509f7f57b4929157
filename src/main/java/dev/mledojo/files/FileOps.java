package dev.mledojo.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;

import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.io.file.PathUtils;

/**
 * File helpers shared by preparation, task data and curation. Episode workspaces, which the sandbox fills, are
 * deleted with {@code sandbox.Workspaces} instead (at any depth, through directory descriptors).
 */
public final class FileOps {

    private FileOps() {
    }

    /** Deletes a file or a whole tree without following links (a link is removed, never its target); a missing path is fine. */
    public static void deleteRecursively(Path p) {
        if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            PathUtils.delete(p); // walks without following links
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    /** A not yet existing sibling of {@code target} for staging work that is moved into place on success. */
    public static Path stagingSibling(Path target, String purpose) {
        Path abs = target.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + "." + purpose + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The SHA-256 of a file's bytes, in lower-case hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code n} bytes of a file (fewer when it is shorter). */
    public static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    /** "1.5 GiB", "12 MiB", "300 bytes". */
    public static String bytes(long n) {
        String[] units = {"GiB", "MiB", "KiB"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (n >= sizes[i]) {
                return n % sizes[i] == 0 ? n / sizes[i] + " " + units[i]
                        : String.format(java.util.Locale.ROOT, "%.1f %s", (double) n / sizes[i], units[i]);
            }
        }
        return n + " bytes";
    }

    /** Slash-separated path of {@code file} relative to {@code root}. */
    public static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
