package dev.mledojo.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The local sandbox: interpreter, bubblewrap, isolation, sandbox uids and default limits ({@code dojo.sandbox.*}). */
@ConfigMapping(prefix = "dojo.sandbox")
public interface SandboxConfig {

    /** The interpreter that runs agent code; must live under /usr or an {@link #extraReadOnly()} path. */
    @WithDefault("/usr/bin/python3")
    String python();

    @WithDefault("/usr/bin/bwrap")
    String bwrap();

    /** {@code bwrap}, or {@code none}: no isolation at all, rlimits only (dev only, logged loudly at startup). */
    @WithDefault("bwrap")
    Isolation isolation();

    /** First numeric uid for sandboxes when the platform runs as root (base-1 parses code for syntax checks). */
    @WithName("base-uid")
    @WithDefault("61000")
    int baseUid();

    @WithName("uid-count")
    @WithDefault("1000")
    int uidCount();

    /** Size of the private tmpfs at /tmp, bytes. */
    @WithName("tmp-bytes")
    @WithDefault("268435456")
    long tmpBytes();

    /** Size of the private tmpfs at /dev/shm, bytes. */
    @WithName("shm-bytes")
    @WithDefault("67108864")
    long shmBytes();

    /** OMP/OPENBLAS/MKL_NUM_THREADS inside the sandbox; default min(cores, 8). */
    Optional<Integer> threads();

    /** Host paths mounted read-only at the same place, e.g. a virtualenv outside /usr. */
    @WithName("extra-read-only")
    Optional<List<String>> extraReadOnly();

    @WithName("max-concurrent-runs")
    @WithDefault("64")
    int maxConcurrentRuns();

    /**
     * Per-run control groups: {@code auto} (use them when the host allows, warn loudly otherwise), {@code required}
     * (refuse to run code without them) or {@code off}.
     */
    @WithDefault("auto")
    Containment.CgroupMode cgroups();

    /** The seccomp filter and {@code --disable-userns} (bubblewrap only). */
    @WithDefault("true")
    boolean seccomp();

    default Containment containment() {
        return new Containment(cgroups(), seccomp());
    }

    Limits limits();

    /** Sandboxes started ahead of a workspace's next code run ({@code dojo.sandbox.warm.*}). */
    Warm warm();

    interface Warm {

        /** How many sandboxes may wait at once; 0 starts every run's sandbox when the run comes. */
        @WithDefault("16")
        int max();

        /** How long a waiting sandbox stays unused before it is stopped. */
        @WithDefault("2m")
        Duration idle();

        /** How long after a run the next sandbox starts (the run's response goes out first). */
        @WithDefault("50ms")
        Duration delay();
    }

    default Warmup warmup() {
        return new Warmup(warm().max(), warm().idle(), warm().delay());
    }

    /** Default limits of one run; see {@link SandboxLimits#defaults()}. */
    interface Limits {
        @WithName("wall-time")
        @WithDefault("10m")
        Duration wallTime();

        @WithName("cpu-time")
        @WithDefault("20m")
        Duration cpuTime();

        /** Address space per process (RLIMIT_AS), bytes. */
        @WithName("memory-bytes")
        @WithDefault("4294967296")
        long memoryBytes();

        @WithName("max-processes")
        @WithDefault("256")
        int maxProcesses();

        @WithName("max-file-bytes")
        @WithDefault("1073741824")
        long maxFileBytes();

        @WithName("max-workspace-bytes")
        @WithDefault("2147483648")
        long maxWorkspaceBytes();

        @WithName("max-output-bytes")
        @WithDefault("1048576")
        int maxOutputBytes();

        /** Files, directories and links the workspace may hold (inodes on the host's filesystem). */
        @WithName("max-workspace-entries")
        @WithDefault("100000")
        long maxWorkspaceEntries();
    }

    default SandboxLimits defaultLimits() {
        Limits l = limits();
        return new SandboxLimits(l.wallTime(), l.cpuTime(), l.memoryBytes(), l.maxProcesses(), l.maxFileBytes(),
                l.maxWorkspaceBytes(), l.maxOutputBytes(), l.maxWorkspaceEntries());
    }

    default SandboxSettings settings() {
        SandboxSettings d = new SandboxSettings(Path.of(python()), Path.of(bwrap()), isolation(), baseUid());
        return new SandboxSettings(d.python(), d.bwrap(), d.isolation(), d.baseUid(), uidCount(), d.prlimit(),
                d.setpriv(), tmpBytes(), shmBytes(), threads().orElse(d.threads()),
                extraReadOnly().orElse(List.of()).stream().map(Path::of).toList(), d.diskPollInterval(),
                maxConcurrentRuns());
    }
}
