package dev.mledojo.task.prepare;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;

import dev.mledojo.files.FileOps;
import dev.mledojo.task.prepare.ArchiveRejectedException.Reason;

/**
 * Safely extracts an uploaded or downloaded archive (zip, tar.gz, tar, 7z; recognised by its bytes, not its name) into a
 * fresh directory. Everything is written to a staging sibling first and moved into place only when the whole archive
 * passed every check; a refused or failed archive leaves nothing behind.
 *
 * <p>Refused: entry paths that could leave the target ({@code ..}, absolute, drive letters, NUL), links, special
 * files, duplicate paths, encrypted entries, and anything that breaks the {@link ArchiveLimits} as measured while the
 * bytes are written. Inner archives ({@code train.csv.zip}, {@code x.tar.gz}, {@code x.csv.gz}, {@code train.json.7z})
 * are expanded one level
 * into their own folder when asked, under the same limits.
 */
public final class ArchiveExtractor {

    /** What an archive's bytes say it is. */
    public enum Format {
        ZIP, TAR_GZ, GZIP, TAR, SEVEN_Z, UNKNOWN
    }

    /** One extracted file. */
    public record ExtractedFile(String path, long size) {
    }

    /**
     * The outcome: the target directory, its files (sorted by path), the bytes written and notes for the admin
     * (skipped macOS metadata, expanded inner archives).
     */
    public record Extraction(Path directory, List<ExtractedFile> files, long totalBytes, List<String> notes) {
        public Extraction {
            files = List.copyOf(files);
            notes = List.copyOf(notes);
        }
    }

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final int BUFFER = 1 << 16;

    private final ArchiveLimits limits;

    public ArchiveExtractor(ArchiveLimits limits) {
        this.limits = limits;
    }

    public ArchiveLimits limits() {
        return limits;
    }

    /** Extracts the top level only. */
    public Extraction extract(Path archive, Path target) {
        return extract(archive, target, false);
    }

    /**
     * Extracts {@code archive} into {@code target}, which must not exist yet (its parent is created).
     *
     * @param expandInner also expand archives found inside ({@code *.zip}, {@code *.tar.gz}, {@code *.tgz},
     *        {@code *.gz}, {@code *.7z} whose bytes match), one level deep, into the folder that holds them; the inner archive file
     *        is removed afterwards
     * @throws ArchiveRejectedException when the archive is refused (nothing is written)
     * @throws UncheckedIOException when the disk fails (nothing is left behind either)
     */
    public Extraction extract(Path archive, Path target, boolean expandInner) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("the target " + target + " already exists; extraction needs a fresh directory");
        }
        Format format = detect(archive);
        if (format == Format.UNKNOWN || format == Format.GZIP) {
            throw new ArchiveRejectedException(Reason.NOT_AN_ARCHIVE, describeNonArchive(archive, format));
        }
        Path staging = FileOps.stagingSibling(target, "extracting");
        boolean done = false;
        try {
            Files.createDirectories(staging.getParent());
            Files.createDirectory(staging);
            Budget budget = new Budget();
            List<String> notes = new ArrayList<>();
            extractInto(archive, format, staging, staging, budget, notes, "");
            if (expandInner) {
                expandInner(staging, budget, notes);
            }
            List<ExtractedFile> files = listFiles(staging);
            if (files.isEmpty()) {
                throw new ArchiveRejectedException(Reason.EMPTY, "The archive holds no files.");
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return new Extraction(target, files, budget.total, notes);
        } catch (IOException e) {
            throw new UncheckedIOException("extracting " + archive.getFileName() + " failed: " + e.getMessage(), e);
        } finally {
            if (!done) {
                FileOps.deleteRecursively(staging);
            }
        }
    }

    /** The signature of a 7z archive: {@code '7' 'z' BC AF 27 1C}. */
    private static final byte[] SEVEN_Z_SIGNATURE = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C};

    /** Memory the LZMA decoder of one 7z archive may use (its dictionary): 7-Zip's "ultra" level needs 64 MiB. */
    static final int SEVEN_Z_MEMORY_KIB = 256 * 1024;

    /** Recognises a zip, gzip (tar.gz or a single gzipped file), tar or 7z archive by its first bytes. */
    public static Format detect(Path file) {
        byte[] head;
        try {
            head = FileOps.head(file, 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8))) {
            return Format.ZIP;
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return isTarGz(file) ? Format.TAR_GZ : Format.GZIP;
        }
        if (head.length >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
            return Format.TAR;
        }
        if (head.length >= SEVEN_Z_SIGNATURE.length
                && java.util.Arrays.equals(head, 0, SEVEN_Z_SIGNATURE.length, SEVEN_Z_SIGNATURE, 0, SEVEN_Z_SIGNATURE.length)) {
            return Format.SEVEN_Z;
        }
        return Format.UNKNOWN;
    }

    private static boolean isTarGz(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), BUFFER)) {
            byte[] block = in.readNBytes(512);
            return block.length >= 262
                    && new String(block, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
        } catch (IOException e) {
            return false;
        }
    }

    private static String describeNonArchive(Path file, Format format) {
        if (format == Format.GZIP) {
            return "The file is gzip-compressed but holds no tar archive; upload a .zip or .tar.gz archive.";
        }
        String hex;
        try {
            byte[] head = FileOps.head(file, 8);
            hex = HexFormat.ofDelimiter(" ").formatHex(head);
        } catch (IOException e) {
            hex = "?";
        }
        // no file name: an upload's is a temporary one, which would only confuse
        return "The file is not a zip, tar.gz or tar archive (it starts with bytes " + hex
                + "); Kaggle downloads are zip files.";
    }

    // ---- extraction ----------------------------------------------------------------------------------------------

    /** Running totals across the top-level archive and the inner archives. */
    private final class Budget {
        long total;
        int entries;

        void entry(String name) {
            entries++;
            if (entries > limits.maxEntries()) {
                throw new ArchiveRejectedException(Reason.TOO_MANY_ENTRIES, "The archive has more than "
                        + limits.maxEntries() + " entries (limit); split it or raise the entry limit.");
            }
        }

        /** Copies one entry, counting every byte written; {@code compressed} is the entry's compressed size or -1. */
        long copy(InputStream in, Path file, String name, long compressed) throws IOException {
            long written = 0;
            byte[] buf = new byte[BUFFER];
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    written += n;
                    total += n;
                    if (written > limits.maxEntryBytes()) {
                        throw new ArchiveRejectedException(Reason.ENTRY_TOO_LARGE, "Entry '" + name + "' expands to more than "
                                + FileOps.bytes(limits.maxEntryBytes()) + " (limit per file).");
                    }
                    if (total > limits.maxTotalBytes()) {
                        throw new ArchiveRejectedException(Reason.TOO_LARGE, "The archive expands to more than "
                                + FileOps.bytes(limits.maxTotalBytes()) + " (limit); stopped at entry '" + name + "'.");
                    }
                    if (compressed >= 0 && written > ArchiveLimits.RATIO_GRACE_BYTES
                            && written > limits.maxCompressionRatio() * Math.max(1, compressed)) {
                        throw new ArchiveRejectedException(Reason.COMPRESSION_RATIO, "Entry '" + name + "' expands more than "
                                + ratio(limits.maxCompressionRatio()) + " times its compressed size (" + FileOps.bytes(compressed)
                                + "); this looks like a zip bomb, not data.");
                    }
                    out.write(buf, 0, n);
                }
            } catch (FileAlreadyExistsException e) {
                throw new ArchiveRejectedException(Reason.DUPLICATE_ENTRY, "Entry '" + name
                        + "' appears twice or would overwrite an existing file.");
            }
            return written;
        }
    }

    private static String ratio(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    private void extractInto(Path archive, Format format, Path root, Path dir, Budget budget, List<String> notes,
            String label) throws IOException {
        switch (format) {
            case ZIP -> extractZip(archive, root, dir, budget, notes, label);
            case TAR_GZ -> {
                try (InputStream raw = Files.newInputStream(archive);
                        BoundedInputStream counted = counting(new BufferedInputStream(raw, BUFFER));
                        InputStream gz = new GZIPInputStream(counted, BUFFER)) {
                    extractTar(gz, counted, root, dir, budget, notes, label);
                }
            }
            case TAR -> {
                try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), BUFFER)) {
                    extractTar(raw, null, root, dir, budget, notes, label);
                }
            }
            case SEVEN_Z -> extractSevenZ(archive, root, dir, budget, label);
            default -> throw new IllegalStateException(format.toString());
        }
    }

    private void extractZip(Path archive, Path root, Path dir, Budget budget, List<String> notes, String label)
            throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(archive).get();
        } catch (IOException e) {
            throw new ArchiveRejectedException(Reason.CORRUPT, label + "The zip archive is damaged or truncated: "
                    + e.getMessage(), e);
        }
        try (zip) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
            // the central directory gives the count up front: refuse before writing anything
            if (budget.entries + entries.size() > limits.maxEntries()) {
                throw new ArchiveRejectedException(Reason.TOO_MANY_ENTRIES, label + "The archive has " + entries.size()
                        + " entries; the limit is " + limits.maxEntries() + ".");
            }
            int skipped = 0;
            for (ZipArchiveEntry e : entries) {
                String name = e.getName();
                if (e.isUnixSymlink()) {
                    throw new ArchiveRejectedException(Reason.LINK_ENTRY, label + "Entry '" + name
                            + "' is a symbolic link; archives with links are refused.");
                }
                Path out = safePath(root, dir, name, label);
                budget.entry(name);
                if (out == null || macMetadata(name)) {
                    skipped += out == null ? 0 : 1;
                    continue;
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                int type = e.getUnixMode() & 0170000;
                if (type != 0 && type != 0100000) {
                    throw new ArchiveRejectedException(Reason.UNSUPPORTED_ENTRY, label + "Entry '" + name
                            + "' is not a regular file (unix type " + Integer.toOctalString(type) + ").");
                }
                if (e.getGeneralPurposeBit().usesEncryption() || !zip.canReadEntryData(e)) {
                    throw new ArchiveRejectedException(Reason.UNREADABLE_ENTRY, label + "Entry '" + name
                            + "' is password-protected or uses an unsupported compression method ("
                            + e.getMethod() + "); re-pack it as a plain zip.");
                }
                createParents(out, name, label);
                try (InputStream in = zip.getInputStream(e)) {
                    budget.copy(in, out, name, e.getCompressedSize());
                } catch (ZipException | java.io.EOFException ex) {
                    throw new ArchiveRejectedException(Reason.CORRUPT, label + "Entry '" + name + "' is damaged: "
                            + ex.getMessage(), ex);
                }
            }
            if (skipped > 0) {
                notes.add(label + "skipped " + skipped + " macOS metadata entries (__MACOSX/, .DS_Store)");
            }
        }
    }

    private void extractTar(InputStream in, BoundedInputStream compressed, Path root, Path dir, Budget budget,
            List<String> notes, String label) throws IOException {
        int skipped = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                if (e.isSymbolicLink() || e.isLink()) {
                    throw new ArchiveRejectedException(Reason.LINK_ENTRY, label + "Entry '" + name
                            + "' is a " + (e.isSymbolicLink() ? "symbolic" : "hard") + " link; archives with links are refused.");
                }
                Path out = safePath(root, dir, name, label);
                budget.entry(name);
                if (out == null || macMetadata(name)) {
                    skipped += out == null ? 0 : 1;
                    continue;
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                if (!e.isFile()) {
                    throw new ArchiveRejectedException(Reason.UNSUPPORTED_ENTRY, label + "Entry '" + name
                            + "' is not a regular file (device, FIFO or other special entry).");
                }
                createParents(out, name, label);
                // a tar stream has no per-entry compressed size: the ratio is checked on the whole stream so far
                long before = compressed == null ? 0 : compressed.getCount();
                long totalBefore = budget.total;
                budget.copy(tar, out, name, -1);
                if (compressed != null && budget.total > ArchiveLimits.RATIO_GRACE_BYTES
                        && budget.total - totalBefore > ArchiveLimits.RATIO_GRACE_BYTES
                        && (double) budget.total / Math.max(1, compressed.getCount()) > limits.maxCompressionRatio()) {
                    throw new ArchiveRejectedException(Reason.COMPRESSION_RATIO, label + "The archive expands more than "
                            + ratio(limits.maxCompressionRatio()) + " times its compressed size (at entry '" + name
                            + "', " + FileOps.bytes(compressed.getCount() - before) + " read); this looks like a bomb, not data.");
                }
            }
        } catch (ZipException | java.io.EOFException | IllegalArgumentException ex) {
            throw new ArchiveRejectedException(Reason.CORRUPT, label + "The tar archive is damaged or truncated: "
                    + ex.getMessage(), ex);
        }
        if (skipped > 0) {
            notes.add(label + "skipped " + skipped + " macOS metadata entries (__MACOSX/, .DS_Store)");
        }
    }


    /**
     * A 7z archive (Kaggle ships some tables as {@code train.json.7z}), read entry by entry with the same checks as a
     * zip; the decoder's memory is bounded, and the bomb check compares the bytes written with the archive's size (7z
     * compresses entries together, so there is no per-entry compressed size).
     */
    private void extractSevenZ(Path archive, Path root, Path dir, Budget budget, String label) throws IOException {
        SevenZFile sevenZ;
        try {
            sevenZ = SevenZFile.builder().setPath(archive).setMaxMemoryLimitKiB(SEVEN_Z_MEMORY_KIB)
                    .setUseDefaultNameForUnnamedEntries(true).get();
        } catch (IOException e) {
            throw sevenZProblem(e, archive.getFileName().toString(), label);
        }
        long archiveSize = Math.max(1, Files.size(archive));
        try (sevenZ) {
            InputStream entryData = new InputStream() {
                @Override
                public int read() throws IOException {
                    return sevenZ.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return sevenZ.read(b, off, len);
                }
            };
            long start = budget.total;
            SevenZArchiveEntry e;
            while ((e = nextSevenZEntry(sevenZ, label)) != null) {
                String name = e.getName();
                if (e.isAntiItem()) {
                    throw new ArchiveRejectedException(Reason.UNSUPPORTED_ENTRY, label + "Entry '" + name
                            + "' is a 7z deletion marker (anti-item), not a file.");
                }
                int unixType = e.getHasWindowsAttributes() && (e.getWindowsAttributes() & 0x8000) != 0
                        ? (e.getWindowsAttributes() >>> 16) & 0170000 : 0;
                if (unixType == 0120000) {
                    throw new ArchiveRejectedException(Reason.LINK_ENTRY, label + "Entry '" + name
                            + "' is a symbolic link; archives with links are refused.");
                }
                Path out = safePath(root, dir, name, label);
                budget.entry(name);
                if (out == null || macMetadata(name)) {
                    continue;
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                if (unixType != 0 && unixType != 0100000) {
                    throw new ArchiveRejectedException(Reason.UNSUPPORTED_ENTRY, label + "Entry '" + name
                            + "' is not a regular file (unix type " + Integer.toOctalString(unixType) + ").");
                }
                createParents(out, name, label);
                try {
                    budget.copy(entryData, out, name, -1);
                } catch (org.apache.commons.compress.CompressException | java.io.EOFException ex) {
                    throw sevenZProblem(ex, name, label);
                }
                long written = budget.total - start;
                if (written > ArchiveLimits.RATIO_GRACE_BYTES && (double) written / archiveSize > limits.maxCompressionRatio()) {
                    throw new ArchiveRejectedException(Reason.COMPRESSION_RATIO, label + "The archive expands more than "
                            + ratio(limits.maxCompressionRatio()) + " times its compressed size (at entry '" + name
                            + "'); this looks like a bomb, not data.");
                }
            }
        }
    }

    private static SevenZArchiveEntry nextSevenZEntry(SevenZFile sevenZ, String label) throws IOException {
        try {
            return sevenZ.getNextEntry();
        } catch (org.apache.commons.compress.CompressException | java.io.EOFException ex) {
            throw sevenZProblem(ex, "the next entry", label);
        }
    }

    private static ArchiveRejectedException sevenZProblem(IOException ex, String where, String label) {
        if (ex instanceof org.apache.commons.compress.PasswordRequiredException) {
            return new ArchiveRejectedException(Reason.UNREADABLE_ENTRY, label + "The 7z archive is password-protected ("
                    + where + "); re-pack it without a password.", ex);
        }
        if (ex instanceof org.apache.commons.compress.MemoryLimitException) {
            return new ArchiveRejectedException(Reason.UNREADABLE_ENTRY, label + "The 7z archive needs more than "
                    + FileOps.bytes(SEVEN_Z_MEMORY_KIB * 1024L) + " of memory to decode (" + where + "); re-pack it as a zip.", ex);
        }
        return new ArchiveRejectedException(Reason.CORRUPT, label + "The 7z archive is damaged or truncated (" + where + "): "
                + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()), ex);
    }

    private static boolean macMetadata(String name) {
        String n = name.replace('\\', '/');
        return n.startsWith("__MACOSX/") || n.equals("__MACOSX") || n.endsWith("/.DS_Store") || n.equals(".DS_Store");
    }

    /**
     * The path an entry is written to inside {@code dir}, or null for an entry that names nothing ({@code ./}).
     * Backslashes count as separators so that {@code ..\..\x} from a Windows packer is caught too.
     */
    static Path safePath(Path root, Path dir, String rawName, String label) {
        if (rawName == null || rawName.indexOf('\0') >= 0) {
            throw new ArchiveRejectedException(Reason.UNSAFE_PATH, label + "An entry name contains a NUL character.");
        }
        String name = rawName.replace('\\', '/');
        if (name.startsWith("/")) {
            throw new ArchiveRejectedException(Reason.UNSAFE_PATH, label + "Entry '" + rawName
                    + "' has an absolute path; archive paths must be relative.");
        }
        if (DRIVE.matcher(name).matches()) {
            throw new ArchiveRejectedException(Reason.UNSAFE_PATH, label + "Entry '" + rawName
                    + "' starts with a drive letter; archive paths must be relative.");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new ArchiveRejectedException(Reason.UNSAFE_PATH, label + "Entry '" + rawName
                        + "' climbs out of the archive with '..' (zip-slip); the archive is refused.");
            }
            parts.add(part);
        }
        if (parts.isEmpty()) {
            return null;
        }
        Path out = dir.resolve(String.join("/", parts)).normalize();
        if (!out.startsWith(root) || out.equals(root)) {
            throw new ArchiveRejectedException(Reason.UNSAFE_PATH, label + "Entry '" + rawName
                    + "' would be written outside the target directory.");
        }
        return out;
    }

    private static void createParents(Path out, String name, String label) {
        try {
            Files.createDirectories(out.getParent());
        } catch (FileSystemException e) {
            throw new ArchiveRejectedException(Reason.DUPLICATE_ENTRY, label + "Entry '" + name
                    + "' needs a folder where the archive already put a file.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- inner archives ------------------------------------------------------------------------------------------

    private void expandInner(Path root, Budget budget, List<String> notes) throws IOException {
        List<Path> candidates;
        try (Stream<Path> walk = Files.walk(root)) {
            candidates = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        for (Path file : candidates) {
            String fileName = file.getFileName().toString();
            String lower = fileName.toLowerCase(Locale.ROOT);
            String rel = FileOps.relative(root, file);
            String label = "Inner archive '" + rel + "': ";
            Format format;
            if (lower.endsWith(".zip")) {
                format = detect(file) == Format.ZIP ? Format.ZIP : Format.UNKNOWN;
            } else if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
                format = detect(file) == Format.TAR_GZ ? Format.TAR_GZ : Format.UNKNOWN;
            } else if (lower.endsWith(".tar")) {
                format = detect(file) == Format.TAR ? Format.TAR : Format.UNKNOWN;
            } else if (lower.endsWith(".gz")) {
                format = detect(file) == Format.GZIP ? Format.GZIP : Format.UNKNOWN;
            } else if (lower.endsWith(".7z")) {
                format = detect(file) == Format.SEVEN_Z ? Format.SEVEN_Z : Format.UNKNOWN;
            } else {
                continue; // an .xlsx or .npz is a zip too: only names that say "archive" are expanded
            }
            if (format == Format.UNKNOWN) {
                notes.add("left '" + rel + "' as it is: its bytes are not the archive its name promises");
                continue;
            }
            // the inner archive's own bytes are replaced by its content
            budget.total -= Files.size(file);
            long start = budget.total;
            if (format == Format.GZIP) {
                String plainName = fileName.substring(0, fileName.length() - 3);
                Path out = file.resolveSibling(plainName);
                budget.entry(plainName);
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file), BUFFER)) {
                    budget.copy(in, out, rel.substring(0, rel.length() - 3), Files.size(file));
                } catch (ZipException | java.io.EOFException ex) {
                    throw new ArchiveRejectedException(Reason.CORRUPT, label + "the gzip data is damaged: " + ex.getMessage(), ex);
                }
            } else {
                extractInto(file, format, root, file.getParent(), budget, notes, label);
            }
            Files.delete(file);
            notes.add("expanded inner archive '" + rel + "' (" + FileOps.bytes(budget.total - start) + ")");
        }
    }

    private static List<ExtractedFile> listFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            List<ExtractedFile> files = new ArrayList<>();
            for (Path p : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                files.add(new ExtractedFile(FileOps.relative(root, p), Files.size(p)));
            }
            return files;
        }
    }

    /** A stream that counts what was read (Commons IO; no bound). */
    private static BoundedInputStream counting(InputStream in) {
        try {
            return BoundedInputStream.builder().setInputStream(in).get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
