package dev.mledojo.sandbox;

import java.time.Duration;

/**
 * What a run produced: the outcome, the exit status (128 + signal number when killed by a signal, -1 when the code
 * never started), captured stdout and stderr (each capped at {@link SandboxLimits#maxOutputBytes()}, decoded as UTF-8),
 * whether either stream was cut, the elapsed wall time, and which limit was hit as human text ("wall time 30 s"),
 * or null.
 */
public record ExecutionResult(Outcome outcome, int exitCode, String stdout, String stderr, boolean outputTruncated,
        Duration wallTime, String limitHit) {

    /** A run that could not start; {@code message} says why and is also returned as stderr. */
    public static ExecutionResult sandboxError(String message) {
        return new ExecutionResult(Outcome.SANDBOX_ERROR, -1, "", message, false, Duration.ZERO, null);
    }

    /** True when the code exited with status 0. */
    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
