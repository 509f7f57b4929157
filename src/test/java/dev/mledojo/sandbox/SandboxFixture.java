package dev.mledojo.sandbox;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A host layout for sandbox tests: a workspace, a public data folder with a CSV, and a private folder with
 * {@code answers.csv} holding a random marker, next to the workspace but never mounted. Checks that the real tools are
 * there: without them the tests are skipped locally and FAIL when {@code DOJO_CI=true}.
 */
final class SandboxFixture {

    final Path root;
    final Path workspace;
    final Path publicDir;
    final Path privateDir;
    final Path answers;
    final String marker = "SECRET-" + UUID.randomUUID();

    SandboxFixture(Path tempDir) throws IOException {
        // @TempDir is 0700; the sandbox uid must be able to traverse to the workspace like any data folder
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        root = tempDir;
        workspace = Files.createDirectories(tempDir.resolve("workspace"));
        publicDir = Files.createDirectories(tempDir.resolve("public"));
        privateDir = Files.createDirectories(tempDir.resolve("private"));
        Files.writeString(publicDir.resolve("train.csv"), "id,x,y\n1,0.0,0\n2,1.0,0\n3,2.0,1\n4,3.0,1\n");
        Files.writeString(publicDir.resolve("test.csv"), "id,x\n5,0.5\n6,2.5\n");
        answers = privateDir.resolve("answers.csv");
        // world-readable on purpose: only the mount namespace may keep it away from the code
        Files.writeString(answers, "id,y\n5,0\n6,1\n# " + marker + "\n");
    }

    ExecutionRequest request(String code, SandboxLimits limits) {
        return new ExecutionRequest(code, workspace, publicDir, limits);
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("DOJO_CI"));
    }

    /** Fails under CI, skips otherwise, when bwrap or python3 with pandas and scikit-learn is missing. */
    static void requireTools() {
        String missing = missingTools();
        if (missing != null) {
            if (ci()) {
                fail("DOJO_CI=true but the sandbox cannot be tested: " + missing
                        + " (apt-get install bubblewrap python3-pandas python3-sklearn)");
            }
            Assumptions.abort("sandbox tools missing: " + missing);
        }
    }

    private static volatile String cachedMissing;

    private static String missingTools() {
        if (cachedMissing != null) {
            return cachedMissing.isEmpty() ? null : cachedMissing;
        }
        String missing = "";
        if (!Files.isExecutable(SandboxSettings.DEFAULT_BWRAP)) {
            missing = SandboxSettings.DEFAULT_BWRAP + " not found";
        } else if (!Files.isExecutable(SandboxSettings.DEFAULT_PYTHON)) {
            missing = SandboxSettings.DEFAULT_PYTHON + " not found";
        } else {
            try {
                Process p = new ProcessBuilder(List.of(SandboxSettings.DEFAULT_PYTHON.toString(), "-c",
                        "import pandas, sklearn")).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    missing = "pandas/scikit-learn not importable by " + SandboxSettings.DEFAULT_PYTHON + ": " + out;
                }
            } catch (IOException e) {
                missing = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                missing = e.toString();
            }
        }
        cachedMissing = missing;
        return missing.isEmpty() ? null : missing;
    }

    /** Live processes of any sandbox uid. */
    static List<Long> sandboxProcesses(SandboxSettings s) {
        return HostProcesses.pidsInUidRange(s.baseUid() - 1, s.baseUid() + s.uidCount());
    }

    /**
     * Waits (at most 10 s) until no process of a sandbox uid is left. A run ends once the kernel removed its control
     * groups, which it does when none of their processes can run any more; a process past that point may still be
     * listed until it is reaped (orphans of the sandbox's PID namespace are reaped by the host's init), so the test
     * waits for that instead of looking once. A process that escaped its group and lives on fails the wait.
     */
    static void awaitNoSandboxProcess(SandboxSettings s) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(20))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(sandboxProcesses(s))
                        .as("processes of sandbox uids").isEmpty());
    }

    static boolean runningAsRoot() {
        return HostProcesses.currentUid() == 0;
    }
}
