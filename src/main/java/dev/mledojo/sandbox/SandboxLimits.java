package dev.mledojo.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one run. Wall time is enforced by the platform; CPU time, memory (address space per process), processes
 * (per sandbox user, threads included) and file size by rlimits; workspace size (bytes as allocated, and entries:
 * files, directories, links) by polling; output per stream by the readers. See {@code src/docs/sandbox.md} for the
 * defaults and why they were chosen.
 */
public record SandboxLimits(Duration wallTime, Duration cpuTime, long memoryBytes, int maxProcesses,
        long maxFileBytes, long maxWorkspaceBytes, int maxOutputBytes, long maxWorkspaceEntries) {

    /** Files, directories and links a workspace may hold by default (inodes of the host's filesystem). */
    public static final long DEFAULT_WORKSPACE_ENTRIES = 100_000;

    public static final long KIB = 1024L;
    public static final long MIB = 1024L * KIB;
    public static final long GIB = 1024L * MIB;

    public SandboxLimits {
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(cpuTime, "cpuTime");
        if (wallTime.isNegative() || wallTime.isZero() || cpuTime.isNegative() || cpuTime.isZero()) {
            throw new IllegalArgumentException("wall and CPU time must be positive");
        }
        if (memoryBytes < 64 * MIB || maxProcesses < 4 || maxFileBytes < 1 || maxWorkspaceBytes < 1
                || maxOutputBytes < 1 || maxWorkspaceEntries < 1) {
            throw new IllegalArgumentException("limits too small: memory >= 64 MiB, processes >= 4, sizes >= 1 byte, "
                    + "workspace entries >= 1");
        }
    }

    /** The limits with the default number of workspace entries ({@value #DEFAULT_WORKSPACE_ENTRIES}). */
    public SandboxLimits(Duration wallTime, Duration cpuTime, long memoryBytes, int maxProcesses, long maxFileBytes,
            long maxWorkspaceBytes, int maxOutputBytes) {
        this(wallTime, cpuTime, memoryBytes, maxProcesses, maxFileBytes, maxWorkspaceBytes, maxOutputBytes,
                DEFAULT_WORKSPACE_ENTRIES);
    }

    /**
     * 10 min wall, 20 min CPU (BLAS threads add up CPU faster than wall time), 4 GiB address space (numpy, pandas and
     * scikit-learn import in about 1 GiB of address space), 256 processes/threads, 1 GiB per file, 2 GiB workspace
     * in at most 100,000 entries, 1 MiB per output stream.
     */
    public static SandboxLimits defaults() {
        return new SandboxLimits(Duration.ofMinutes(10), Duration.ofMinutes(20), 4 * GIB, 256, GIB, 2 * GIB,
                (int) MIB);
    }

    public SandboxLimits withWallTime(Duration d) {
        return new SandboxLimits(d, cpuTime, memoryBytes, maxProcesses, maxFileBytes, maxWorkspaceBytes,
                maxOutputBytes, maxWorkspaceEntries);
    }

    public SandboxLimits withCpuTime(Duration d) {
        return new SandboxLimits(wallTime, d, memoryBytes, maxProcesses, maxFileBytes, maxWorkspaceBytes,
                maxOutputBytes, maxWorkspaceEntries);
    }

    public SandboxLimits withMemoryBytes(long v) {
        return new SandboxLimits(wallTime, cpuTime, v, maxProcesses, maxFileBytes, maxWorkspaceBytes,
                maxOutputBytes, maxWorkspaceEntries);
    }

    public SandboxLimits withMaxProcesses(int v) {
        return new SandboxLimits(wallTime, cpuTime, memoryBytes, v, maxFileBytes, maxWorkspaceBytes,
                maxOutputBytes, maxWorkspaceEntries);
    }

    public SandboxLimits withMaxFileBytes(long v) {
        return new SandboxLimits(wallTime, cpuTime, memoryBytes, maxProcesses, v, maxWorkspaceBytes,
                maxOutputBytes, maxWorkspaceEntries);
    }

    public SandboxLimits withMaxWorkspaceBytes(long v) {
        return new SandboxLimits(wallTime, cpuTime, memoryBytes, maxProcesses, maxFileBytes, v,
                maxOutputBytes, maxWorkspaceEntries);
    }

    public SandboxLimits withMaxOutputBytes(int v) {
        return new SandboxLimits(wallTime, cpuTime, memoryBytes, maxProcesses, maxFileBytes, maxWorkspaceBytes,
                v, maxWorkspaceEntries);
    }

    public SandboxLimits withMaxWorkspaceEntries(long v) {
        return new SandboxLimits(wallTime, cpuTime, memoryBytes, maxProcesses, maxFileBytes, maxWorkspaceBytes,
                maxOutputBytes, v);
    }

    /** "1 GiB", "512 MiB", "1.5 GiB", "300 bytes". */
    static String bytes(long n) {
        String[] units = {"GiB", "MiB", "KiB"};
        long[] sizes = {GIB, MIB, KIB};
        for (int i = 0; i < units.length; i++) {
            if (n >= sizes[i]) {
                return n % sizes[i] == 0 ? n / sizes[i] + " " + units[i]
                        : String.format(java.util.Locale.ROOT, "%.1f %s", (double) n / sizes[i], units[i]);
            }
        }
        return n + " bytes";
    }

    /** "100,000", "1". */
    static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    /** "30 s", "0.5 s". */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
