package dev.mledojo.task.prepare;

import static dev.mledojo.task.prepare.Fixtures.names;
import static dev.mledojo.task.prepare.Fixtures.utf8;
import static dev.mledojo.task.prepare.Fixtures.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.task.prepare.ArchiveRejectedException.Reason;

/** Safe extraction: ordinary Kaggle-like archives work, every malicious one is refused and leaves nothing behind. */
class ArchiveExtractorTest {

    @TempDir
    Path tmp;

    final ArchiveExtractor extractor = new ArchiveExtractor(ArchiveLimits.defaults());

    @Test
    void extractsAKaggleZipAndExpandsItsInnerZipsOnRequest() throws IOException {
        byte[] inner = Fixtures.zipBytes(Map.of("train.csv", utf8("id,y\n1,0\n2,1\n")));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train.csv.zip", inner);
        entries.put("test.csv", utf8("id\n3\n"));
        entries.put("extra/", new byte[0]);
        entries.put("extra/notes.txt", utf8("hello"));
        entries.put("__MACOSX/._test.csv", utf8("junk"));
        Path archive = zip(tmp.resolve("comp.zip"), entries);

        ArchiveExtractor.Extraction plain = extractor.extract(archive, tmp.resolve("plain"));
        assertThat(plain.files()).extracting(ArchiveExtractor.ExtractedFile::path)
                .containsExactly("extra/notes.txt", "test.csv", "train.csv.zip");
        assertThat(plain.notes()).anyMatch(n -> n.contains("macOS"));

        ArchiveExtractor.Extraction expanded = extractor.extract(archive, tmp.resolve("expanded"), true);
        assertThat(expanded.files()).extracting(ArchiveExtractor.ExtractedFile::path)
                .containsExactly("extra/notes.txt", "test.csv", "train.csv");
        assertThat(Files.readString(tmp.resolve("expanded/train.csv"))).isEqualTo("id,y\n1,0\n2,1\n");
        assertThat(expanded.notes()).anyMatch(n -> n.contains("expanded inner archive 'train.csv.zip'"));
        assertThat(expanded.totalBytes()).as("bytes of the files kept, the inner zip replaced by its content")
                .isEqualTo(expanded.files().stream().mapToLong(ArchiveExtractor.ExtractedFile::size).sum());
        assertThat(names(tmp)).containsExactly("comp.zip", "expanded", "plain");
    }

    @Test
    void extractsTarGzAndGunzipsInnerGz() throws IOException {
        Path archive = tmp.resolve("data.tgz");
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(utf8("a,b\n1,2\n"));
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tarFile(tar, "dir/table.csv.gz", gz.toByteArray());
            tarFile(tar, "readme.txt", utf8("data"));
        }
        assertThat(ArchiveExtractor.detect(archive)).isEqualTo(ArchiveExtractor.Format.TAR_GZ);
        ArchiveExtractor.Extraction x = extractor.extract(archive, tmp.resolve("out"), true);
        assertThat(x.files()).extracting(ArchiveExtractor.ExtractedFile::path).containsExactly("dir/table.csv", "readme.txt");
        assertThat(Files.readString(tmp.resolve("out/dir/table.csv"))).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void refusesZipSlip() throws IOException {
        Path archive = zip(tmp.resolve("slip.zip"), entries("ok.csv", "a\n1\n", "../../evil.txt", "pwned"));
        assertRejected(archive, Reason.UNSAFE_PATH, "zip-slip");
        assertThat(tmp.getParent().resolve("evil.txt")).doesNotExist();
        assertThat(tmp.getParent().getParent().resolve("evil.txt")).doesNotExist();
    }

    @Test
    void refusesBackslashSlip() throws IOException {
        Path archive = zip(tmp.resolve("slip.zip"), entries("..\\..\\evil.txt", "pwned"));
        assertRejected(archive, Reason.UNSAFE_PATH, "'..'");
    }

    @Test
    void refusesAbsolutePaths() throws IOException {
        Path target = tmp.resolve("abs-evil.txt");
        Path archive = zip(tmp.resolve("abs.zip"), entries(target.toString(), "pwned"));
        assertRejected(archive, Reason.UNSAFE_PATH, "absolute path");
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesDriveLetters() throws IOException {
        Path archive = zip(tmp.resolve("drive.zip"), entries("C:/Windows/evil.txt", "pwned"));
        assertRejected(archive, Reason.UNSAFE_PATH, "drive letter");
    }

    @Test
    void refusesSymlinkEntries() throws IOException {
        Path archive = tmp.resolve("link.zip");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(archive))) {
            ZipArchiveEntry ok = new ZipArchiveEntry("ok.csv");
            zip.putArchiveEntry(ok);
            zip.write(utf8("a\n1\n"));
            zip.closeArchiveEntry();
            ZipArchiveEntry link = new ZipArchiveEntry("passwd");
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        assertRejected(archive, Reason.LINK_ENTRY, "symbolic link");
    }

    @Test
    void refusesTarLinks() throws IOException {
        Path archive = tmp.resolve("link.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tarFile(tar, "ok.csv", utf8("a\n1\n"));
            TarArchiveEntry link = new TarArchiveEntry("shadow", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/etc/shadow");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        assertRejected(archive, Reason.LINK_ENTRY, "link");
    }

    @Test
    void refusesABombByTheBytesActuallyWritten() throws IOException {
        Path archive = zeros(tmp.resolve("bomb.zip"), "zeros.bin", 50 << 20);
        assertThat(Files.size(archive)).isLessThan(200 << 10); // a few KB that claim nothing about their size
        ArchiveExtractor small = new ArchiveExtractor(new ArchiveLimits(10 << 20, 100, 1L << 40, 1e9));
        ArchiveRejectedException e = catchThrowableOfType(ArchiveRejectedException.class,
                () -> small.extract(archive, tmp.resolve("out")));
        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(e.getMessage()).contains("10 MiB").contains("zeros.bin");
        assertThat(names(tmp)).containsExactly("bomb.zip");

        ArchiveExtractor perEntry = new ArchiveExtractor(new ArchiveLimits(1L << 40, 100, 10 << 20, 1e9));
        assertThat(catchThrowableOfType(ArchiveRejectedException.class,
                () -> perEntry.extract(archive, tmp.resolve("out"))).reason()).isEqualTo(Reason.ENTRY_TOO_LARGE);

        ArchiveRejectedException ratio = catchThrowableOfType(ArchiveRejectedException.class,
                () -> extractor.extract(archive, tmp.resolve("out")));
        assertThat(ratio.reason()).isEqualTo(Reason.COMPRESSION_RATIO);
        assertThat(ratio.getMessage()).contains("zip bomb");
        assertThat(names(tmp)).containsExactly("bomb.zip");
    }

    @Test
    void refusesABombHiddenInAnInnerArchive() throws IOException {
        Path inner = zeros(tmp.resolve("inner.zip"), "zeros.bin", 20 << 20);
        Path archive = zip(tmp.resolve("outer.zip"), Map.of("data.zip", Files.readAllBytes(inner), "a.csv", utf8("a\n1\n")));
        Files.delete(inner);
        ArchiveExtractor small = new ArchiveExtractor(new ArchiveLimits(10 << 20, 100, 1L << 40, 1e9));
        assertThat(small.extract(archive, tmp.resolve("top-only")).files()).hasSize(2);
        ArchiveRejectedException e = catchThrowableOfType(ArchiveRejectedException.class,
                () -> small.extract(archive, tmp.resolve("out"), true));
        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(names(tmp)).containsExactly("outer.zip", "top-only");
    }

    @Test
    void refusesTooManyEntries() throws IOException {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            many.put("f" + i + ".txt", utf8("x"));
        }
        Path archive = zip(tmp.resolve("many.zip"), many);
        ArchiveExtractor ten = new ArchiveExtractor(new ArchiveLimits(1 << 30, 10, 1 << 30, 100));
        ArchiveRejectedException e = catchThrowableOfType(ArchiveRejectedException.class,
                () -> ten.extract(archive, tmp.resolve("out")));
        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ENTRIES);
        assertThat(e.getMessage()).contains("20 entries").contains("10");
        assertThat(names(tmp)).containsExactly("many.zip");
    }

    @Test
    void refusesANonArchiveWhateverItsName() throws IOException {
        Path fake = tmp.resolve("data.zip");
        Files.writeString(fake, "id,y\n1,0\n");
        ArchiveRejectedException e = catchThrowableOfType(ArchiveRejectedException.class,
                () -> extractor.extract(fake, tmp.resolve("out")));
        assertThat(e.reason()).isEqualTo(Reason.NOT_AN_ARCHIVE);
        assertThat(e.getMessage()).startsWith("The file is not a zip, tar.gz or tar archive").contains("69 64 2c 79");
        assertThat(names(tmp)).containsExactly("data.zip");
    }

    @Test
    void refusesDuplicateEntries() throws IOException {
        Path archive = tmp.resolve("dup.zip");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(archive))) {
            for (String content : List.of("first", "second")) {
                zip.putArchiveEntry(new ZipArchiveEntry("same.csv"));
                zip.write(utf8(content));
                zip.closeArchiveEntry();
            }
        }
        assertRejected(archive, Reason.DUPLICATE_ENTRY, "same.csv");
    }

    @Test
    void refusesAnExistingTarget() throws IOException {
        Path archive = zip(tmp.resolve("a.zip"), entries("a.csv", "a\n1\n"));
        Files.createDirectory(tmp.resolve("out"));
        assertThatThrownBy(() -> extractor.extract(archive, tmp.resolve("out")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
    }

    private void assertRejected(Path archive, Reason reason, String messagePart) throws IOException {
        ArchiveRejectedException e = catchThrowableOfType(ArchiveRejectedException.class,
                () -> extractor.extract(archive, tmp.resolve("out"), true));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(messagePart);
        assertThat(names(tmp)).as("nothing written next to the archive").containsExactly(archive.getFileName().toString());
    }

    private static Map<String, byte[]> entries(String... kv) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], utf8(kv[i + 1]));
        }
        return m;
    }

    private static Path zeros(Path file, String entry, int size) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry(entry));
            byte[] chunk = new byte[1 << 20];
            for (int written = 0; written < size; written += chunk.length) {
                zip.write(chunk);
            }
            zip.closeEntry();
        }
        return file;
    }

    private static void tarFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
