package dev.mledojo.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the local executor runs code: the interpreter (must live under a mounted path, normally {@code /usr}), the
 * bubblewrap, prlimit and setpriv binaries, the isolation, and the numeric uid range for sandboxes ({@code baseUid} ..
 * {@code baseUid + uidCount - 1}; no passwd entry needed; {@code baseUid - 1} parses code for syntax checks).
 * {@code tmpBytes}/{@code shmBytes} size the private tmpfs mounts at {@code /tmp} and {@code /dev/shm}; {@code threads}
 * goes into OMP/OPENBLAS/MKL_NUM_THREADS so BLAS pools fit the process limit; {@code extraReadOnly} are host paths
 * mounted read-only at the same place (e.g. a virtualenv outside /usr).
 */
public record SandboxSettings(Path python, Path bwrap, Isolation isolation, int baseUid, int uidCount, Path prlimit,
        Path setpriv, long tmpBytes, long shmBytes, int threads, List<Path> extraReadOnly, Duration diskPollInterval,
        int maxConcurrentRuns) {

    public static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");
    public static final Path DEFAULT_BWRAP = Path.of("/usr/bin/bwrap");
    public static final int DEFAULT_BASE_UID = 61000;

    public SandboxSettings {
        Objects.requireNonNull(python, "python");
        Objects.requireNonNull(bwrap, "bwrap");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(prlimit, "prlimit");
        Objects.requireNonNull(setpriv, "setpriv");
        extraReadOnly = List.copyOf(extraReadOnly == null ? List.of() : extraReadOnly);
        diskPollInterval = diskPollInterval == null ? Duration.ofMillis(200) : diskPollInterval;
        if (baseUid < 1001 || uidCount < 1 || (long) baseUid + uidCount > 2_000_000_000L) {
            throw new IllegalArgumentException("sandbox uids must be above 1000 (got base " + baseUid + ")");
        }
        if (threads < 1 || maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("threads and maxConcurrentRuns must be positive");
        }
    }

    /** The settings named in the design: interpreter, bubblewrap, isolation and base uid; the rest defaulted. */
    public SandboxSettings(Path python, Path bwrap, Isolation isolation, int baseUid) {
        this(python, bwrap, isolation, baseUid, 1000, Path.of("/usr/bin/prlimit"), Path.of("/usr/bin/setpriv"),
                256 * SandboxLimits.MIB, 64 * SandboxLimits.MIB,
                Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())), List.of(), Duration.ofMillis(200),
                64);
    }

    /** {@code /usr/bin/python3}, {@code /usr/bin/bwrap}, bubblewrap isolation, uids from 61000. */
    public static SandboxSettings defaults() {
        return new SandboxSettings(DEFAULT_PYTHON, DEFAULT_BWRAP, Isolation.BWRAP, DEFAULT_BASE_UID);
    }

    public SandboxSettings withIsolation(Isolation v) {
        return new SandboxSettings(python, bwrap, v, baseUid, uidCount, prlimit, setpriv, tmpBytes, shmBytes, threads,
                extraReadOnly, diskPollInterval, maxConcurrentRuns);
    }

    public SandboxSettings withBwrap(Path v) {
        return new SandboxSettings(python, v, isolation, baseUid, uidCount, prlimit, setpriv, tmpBytes, shmBytes,
                threads, extraReadOnly, diskPollInterval, maxConcurrentRuns);
    }

    public SandboxSettings withPython(Path v) {
        return new SandboxSettings(v, bwrap, isolation, baseUid, uidCount, prlimit, setpriv, tmpBytes, shmBytes,
                threads, extraReadOnly, diskPollInterval, maxConcurrentRuns);
    }

    public SandboxSettings withBaseUid(int base, int count) {
        return new SandboxSettings(python, bwrap, isolation, base, count, prlimit, setpriv, tmpBytes, shmBytes,
                threads, extraReadOnly, diskPollInterval, maxConcurrentRuns);
    }
}
