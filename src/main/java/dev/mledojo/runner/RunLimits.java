package dev.mledojo.runner;

import java.time.Duration;

import dev.mledojo.sandbox.SandboxLimits;

/**
 * The limits of one run of the agent's code, on the wire to a pod's runner (milliseconds and bytes; workspace entries
 * 0 when the platform did not send them: the default then applies).
 */
public record RunLimits(long wallTimeMs, long cpuTimeMs, long memoryBytes, int maxProcesses, long maxFileBytes,
        long maxWorkspaceBytes, int maxOutputBytes, long maxWorkspaceEntries) {

    public static RunLimits of(SandboxLimits l) {
        return new RunLimits(l.wallTime().toMillis(), l.cpuTime().toMillis(), l.memoryBytes(), l.maxProcesses(),
                l.maxFileBytes(), l.maxWorkspaceBytes(), l.maxOutputBytes(), l.maxWorkspaceEntries());
    }

    /** The sandbox limits, the wall time capped by what is left of the episode's budget. */
    public SandboxLimits toSandboxLimits(Duration remainingWall) {
        Duration wall = Duration.ofMillis(wallTimeMs);
        if (remainingWall != null && remainingWall.compareTo(wall) < 0) {
            wall = remainingWall.isNegative() || remainingWall.isZero() ? Duration.ofSeconds(1) : remainingWall;
        }
        return new SandboxLimits(wall, Duration.ofMillis(cpuTimeMs), memoryBytes, maxProcesses, maxFileBytes,
                maxWorkspaceBytes, maxOutputBytes,
                maxWorkspaceEntries > 0 ? maxWorkspaceEntries : SandboxLimits.DEFAULT_WORKSPACE_ENTRIES);
    }
}
