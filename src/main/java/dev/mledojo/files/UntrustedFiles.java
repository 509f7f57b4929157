package dev.mledojo.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Files in a tree that a sandboxed program controls (an episode's workspace): looked at with lstat, never through a
 * symbolic link, and copied out only when they are regular files within a size limit, with a copy that stops at the
 * limit even if the file grows meanwhile. Nothing is read before the checks pass, so a sparse file of 520 MiB that
 * occupies 4 KiB is refused without writing a byte of it anywhere.
 */
public final class UntrustedFiles {

    private UntrustedFiles() {
    }

    /** What lies at a path, seen without following a link. */
    public sealed interface Found {
    }

    /** Nothing at the path. */
    public record Missing() implements Found {
    }

    /**
     * Something that is not a regular file.
     *
     * @param what "a directory", "a symbolic link" or "a special file (FIFO, socket or device)"
     */
    public record NotAFile(String what) implements Found {
    }

    /** A regular file whose apparent size (what a copy would write) is over the limit. */
    public record TooLarge(long bytes, long limit) implements Found {
    }

    /** A regular file within the limit. */
    public record Regular(long bytes) implements Found {
    }

    /** Thrown by {@link #copyAtMost} when the source holds more than the limit by the time it is read. */
    public static final class GrewTooLarge extends IOException {
        private final long limit;

        public GrewTooLarge(Path source, long limit) {
            super(source + " holds more than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /** Looks at {@code path} with lstat: its type, and its apparent size against {@code maxBytes}. */
    public static Found inspect(Path path, long maxBytes) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Missing();
        }
        if (a.isSymbolicLink()) {
            return new NotAFile("a symbolic link");
        }
        if (a.isDirectory()) {
            return new NotAFile("a directory");
        }
        if (!a.isRegularFile()) {
            return new NotAFile("a special file (FIFO, socket or device)");
        }
        return a.size() > maxBytes ? new TooLarge(a.size(), maxBytes) : new Regular(a.size());
    }

    /**
     * Copies a regular file to {@code target} through a staging sibling, reading at most {@code maxBytes + 1} bytes:
     * the source is opened without following a link, and a source that holds more than {@code maxBytes} by then is
     * refused with {@link GrewTooLarge}, leaving nothing behind. Check the source with {@link #inspect} first (opening
     * a FIFO would wait for a writer).
     *
     * @return the bytes copied
     */
    public static long copyAtMost(Path source, Path target, long maxBytes) throws IOException {
        Path staging = FileOps.stagingSibling(target, "copy");
        long copied = 0;
        try {
            try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
                    OutputStream out = Files.newOutputStream(staging, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                // one byte more than the limit at most: enough to tell that the file is too large
                while ((n = in.read(buffer, 0, maxBytes - copied >= buffer.length ? buffer.length
                        : (int) (maxBytes - copied) + 1)) > 0) {
                    copied += n;
                    if (copied > maxBytes) {
                        throw new GrewTooLarge(source, maxBytes);
                    }
                    out.write(buffer, 0, n);
                }
            }
            Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return copied;
        } finally {
            Files.deleteIfExists(staging);
        }
    }
}
