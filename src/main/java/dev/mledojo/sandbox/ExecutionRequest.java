package dev.mledojo.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One run: the Python source, the workspace mounted read-write at {@code /workspace} (the working directory), the
 * task's public data mounted read-only at {@code /data} (may be null: nothing is mounted) and the limits.
 */
public record ExecutionRequest(String code, Path workspace, Path publicData, SandboxLimits limits) {

    public ExecutionRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(limits, "limits");
    }

    /** A request with the default limits. */
    public static ExecutionRequest of(String code, Path workspace, Path publicData) {
        return new ExecutionRequest(code, workspace, publicData, SandboxLimits.defaults());
    }
}
