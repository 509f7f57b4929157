package dev.mledojo.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace chores at any depth: a chain of directories longer than PATH_MAX (built with relative operations, as
 * a sandbox would), an inode bomb, a chain deeper than the walk keeps open, links and fifos, directories made
 * inaccessible.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkspacesTest {

    static final long MIB = SandboxLimits.MIB;
    static final Path PYTHON = SandboxSettings.DEFAULT_PYTHON;
    /** 18 directories of 250 characters: 4,518 characters below the workspace, more than PATH_MAX (4,096). */
    static final String DEEP_CHAIN = """
            import os
            for i in range(18):
                n = chr(97 + i) * 250
                os.mkdir(n)
                os.chdir(n)
                if i in (4, 11):
                    os.chmod('..', 0)  # a sandbox may lock its own directories
            with open('big.bin', 'wb') as f:
                f.truncate(200 << 20)  # sparse: 4 KiB on disk, 200 MiB apparent, counted as 200 MiB
            with open('small.txt', 'w') as f:
                f.write('x')
            os.chmod('small.txt', 0)
            """;
    static final String INTO_CHAIN = """
            import os
            for i in range(18):
                os.chdir(chr(97 + i) * 250)
            """;

    @TempDir
    Path tmp;
    Path ws;

    @BeforeEach
    void layout() throws IOException {
        if (!Files.isExecutable(PYTHON)) {
            throw new AssertionError(PYTHON + " is needed to build trees with relative operations");
        }
        ws = Files.createDirectories(tmp.resolve("workspace"));
    }

    /** JUnit's own clean-up walks by path and cannot delete what is deeper than PATH_MAX. */
    @AfterEach
    void deleteAtAnyDepth() throws IOException {
        Workspaces.deleteContents(tmp);
    }

    /** Runs Python in the workspace and returns its stdout; fails on a non-zero exit. */
    private String python(String code) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", code).directory(ws.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void aChainLongerThanPathMaxIsMeasuredTrimmedAndDeleted() throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        python(DEEP_CHAIN);
        // the path-based walk of the JDK cannot even reach the file
        Path deep = ws;
        for (int i = 0; i < 18; i++) {
            deep = deep.resolve(String.valueOf((char) ('a' + i)).repeat(250));
        }
        Path big = deep.resolve("big.bin");
        assertThat(big.toString().length()).isGreaterThan(4096);
        assertThatThrownBy(() -> Files.size(big)).isInstanceOf(IOException.class);

        Workspaces.Usage all = Workspaces.measure(ws, SandboxLimits.GIB, 1000);
        assertThat(all.over()).isNull();
        // root + 18 directories (4 KiB each), the sparse file's apparent size, one block for one byte
        assertThat(all.bytes()).isEqualTo(4096 + 18 * 4096 + 200 * MIB + 4096);
        assertThat(all.entries()).isEqualTo(20);

        Workspaces.Usage over = Workspaces.measure(ws, 64 * MIB, 1000);
        assertThat(over.over()).isEqualTo("workspace 64 MiB");
        assertThat(Workspaces.measure(ws, SandboxLimits.GIB, 19).over()).isEqualTo("workspace 19 files");

        List<String> removed = Workspaces.trim(ws, 64 * MIB, 1000, before);
        assertThat(removed).hasSize(1);
        assertThat(removed.get(0)).endsWith("/big.bin (200 MiB)").contains("…(18 directories)…");
        Workspaces.Usage after = Workspaces.measure(ws, 64 * MIB, 1000);
        assertThat(after.over()).isNull();
        assertThat(after.entries()).isEqualTo(19); // the small file written before is kept
        assertThat(python(INTO_CHAIN + "print(sorted(os.listdir('.')))")).contains("['small.txt']");

        Workspaces.delete(ws);
        assertThat(ws).doesNotExist();
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void aChainLongerThanPathMaxIsHandedToTheSandboxUidThenParkedAndTheSameUidRewritesNothing() throws Exception {
        Assumptions.assumeTrue(SandboxFixture.runningAsRoot(), "changing owners needs root (CI runs as root)");
        python(DEEP_CHAIN);
        String stat = INTO_CHAIN + """
                for n in ('.', 'big.bin', 'small.txt'):
                    st = os.stat(n, follow_symlinks=False)
                    print(n, st.st_uid, st.st_gid, oct(st.st_mode & 0o7777), st.st_ctime_ns)
                """;
        assertThat(Workspaces.lastSandboxUid(ws, 61000, 1000)).isEqualTo(-1);

        Workspaces.chown(ws, 61999, 61998);
        String handed = python(stat);
        assertThat(handed).contains(". 61999 61998").contains("big.bin 61999 61998")
                .contains("small.txt 61999 61998 0o0");
        assertThat(((Number) Files.getAttribute(ws, "unix:uid")).intValue()).isEqualTo(61999);

        // what a sandbox may leave: set-uid bits, a directory without any permission; parking closes the root only
        python(INTO_CHAIN + "os.chmod('big.bin', 0o4755)\nos.chmod('.', 0)\n");
        Workspaces.park(ws, 61999);
        assertThat(((Number) Files.getAttribute(ws, "unix:uid")).intValue()).isZero();
        assertThat(((Number) Files.getAttribute(ws, "unix:gid")).intValue()).isEqualTo(61999);
        assertThat(((Number) Files.getAttribute(ws, "unix:mode")).intValue() & 07777).isEqualTo(0700);
        assertThat(Workspaces.lastSandboxUid(ws, 61000, 1000)).isEqualTo(61999);
        String parked = python(stat);
        assertThat(parked).contains(". 61999 61998 0o0").contains("big.bin 61999 61998 0o4755");

        // the same uid again: not one entry of the tree is written (ctimes unchanged), only the root is reopened
        Workspaces.chown(ws, 61999, 61998);
        assertThat(python(stat)).isEqualTo(parked);
        assertThat(((Number) Files.getAttribute(ws, "unix:uid")).intValue()).isEqualTo(61999);
        // another uid rewrites every owner
        Workspaces.chown(ws, 61500, 61500);
        assertThat(python(stat)).contains(". 61500 61500").contains("big.bin 61500 61500");
    }

    @Test
    void anInodeBombIsCountedFileByFileAndTheWalkStopsAtTheLimit() throws IOException {
        Instant before = Instant.now().minusSeconds(2);
        Path kept = Files.writeString(ws.resolve("kept.txt"), "written before the run");
        Files.setLastModifiedTime(kept, FileTime.from(before.minusSeconds(3600)));
        Path many = Files.createDirectories(ws.resolve("many"));
        for (int i = 0; i < 5000; i++) {
            Files.createFile(many.resolve(Integer.toString(i)));
        }

        Workspaces.Usage within = Workspaces.measure(ws, SandboxLimits.GIB, 10_000);
        assertThat(within.over()).isNull();
        assertThat(within.entries()).isEqualTo(5002);
        assertThat(within.bytes()).isEqualTo(3 * 4096); // root, many/, kept.txt: empty files take no block

        Workspaces.Usage over = Workspaces.measure(ws, SandboxLimits.GIB, 1000);
        assertThat(over.over()).isEqualTo("workspace 1,000 files");
        assertThat(over.entries()).isEqualTo(1001); // stopped at the first entry too many

        List<String> removed = Workspaces.trim(ws, SandboxLimits.GIB, 1000, before);
        assertThat(removed).hasSize(11);
        assertThat(removed.get(10)).isEqualTo("and 3,992 more (0 bytes)");
        assertThat(Workspaces.measure(ws, SandboxLimits.GIB, 1000).entries()).isEqualTo(1000);
        assertThat(ws.resolve("kept.txt")).exists();
    }

    @Test
    void trimmingAnInodeBombOfDirectoriesRemovesTheEmptyOnes() throws IOException {
        Instant before = Instant.now().minusSeconds(2);
        for (int i = 0; i < 300; i++) {
            Files.createDirectories(ws.resolve("d" + i).resolve("sub"));
        }

        List<String> removed = Workspaces.trim(ws, SandboxLimits.GIB, 100, before);

        assertThat(removed).last().isEqualTo("and 490 more (1.9 MiB)");
        assertThat(Workspaces.measure(ws, SandboxLimits.GIB, 100).over()).isNull();
    }

    @Test
    void aChainDeeperThanTheOpenDirectoriesIsOverTheLimitAndStillDeleted() throws Exception {
        python("""
                import os
                for i in range(1500):
                    os.mkdir('a')
                    os.chdir('a')
                    if i % 100 == 7:
                        os.chmod('..', 0)
                open('leaf.txt', 'w').write('deep')
                """);

        Workspaces.Usage u = Workspaces.measure(ws, SandboxLimits.GIB, 100_000);
        assertThat(u.over()).isEqualTo("workspace 512 nested directories");
        assertThat(u.entries()).isEqualTo(Workspaces.MAX_DEPTH);

        Workspaces.deleteContents(ws);
        assertThat(ws).isEmptyDirectory();
    }

    @Test
    void linksAreNeverFollowedAndFifosNeverOpened() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path target = Files.write(outside.resolve("target.bin"), new byte[3 * 4096]);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(ws.resolve("to-dir"), outside);
        Files.createSymbolicLink(ws.resolve("to-file"), target);
        python("import os\nos.mkfifo('pipe')\n");
        int targetOwner = ((Number) Files.getAttribute(target, "unix:uid")).intValue();

        Workspaces.Usage u = Workspaces.measure(ws, SandboxLimits.GIB, 1000);
        assertThat(u.entries()).isEqualTo(3);
        assertThat(u.bytes()).isEqualTo(3 * 4096); // the root and one block per link: never the 12 KiB target

        if (SandboxFixture.runningAsRoot()) {
            // a naive open of the fifo would block forever (@Timeout fails the test)
            Workspaces.chown(ws, 61999, 61999);
            Workspaces.park(ws, 61999);
            Workspaces.chown(ws, 61998, 61998);
            assertThat(((Number) Files.getAttribute(target, "unix:uid")).intValue()).isEqualTo(targetOwner);
            assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        }

        Workspaces.delete(ws);
        assertThat(ws).doesNotExist();
        assertThat(target).hasSize(3 * 4096);
        try (Stream<Path> left = Files.list(outside)) {
            assertThat(left).containsExactly(target);
        }
    }

    @Test
    void aMissingPathIsNothingToDelete() throws IOException {
        Workspaces.delete(tmp.resolve("never-created"));
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        Workspaces.delete(file);
        assertThat(file).doesNotExist();
    }
}
