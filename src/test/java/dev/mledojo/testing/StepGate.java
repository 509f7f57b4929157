package dev.mledojo.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Agent code that holds its step until the test opens the gate, so that "a step is running" needs no timing. */
public final class StepGate {

    /** Waits until {@code /workspace/go} exists (bounded on its own), then prints "go seen". */
    public static final String WAIT_FOR_GO = """
            import os, time
            deadline = time.monotonic() + 120
            while not os.path.exists('/workspace/go') and time.monotonic() < deadline:
                time.sleep(0.05)
            print('go seen' if os.path.exists('/workspace/go') else 'gave up waiting for /workspace/go')
            """;

    private StepGate() {
    }

    /** The workspace of an episode on the platform's data directory. */
    public static Path workspace(String dataDir, String episodeId) {
        return Path.of(dataDir).toAbsolutePath().resolve("episodes").resolve(episodeId).resolve("workspace");
    }

    /** Opens the gate: creates {@code go} in the workspace, readable by the sandbox uid. */
    public static void open(Path workspace) throws IOException {
        Path go = workspace.resolve("go");
        Files.writeString(go, "go\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rw-r--r--"));
    }

    public static boolean opened(Path workspace) {
        return Files.exists(workspace.resolve("go"));
    }
}
