package dev.mledojo.sandbox;

/** How a run ended; every value other than SUCCESS and ERROR names the limit that stopped the code. */
public enum Outcome {
    /** Exit status 0. */
    SUCCESS,
    /** Non-zero exit status not attributable to a limit (an exception, {@code sys.exit(3)}, a signal). */
    ERROR,
    /** Ran longer than the wall-time limit; the platform killed the whole sandbox. */
    WALL_TIME_LIMIT,
    /** A process used more CPU seconds than allowed (RLIMIT_CPU, SIGXCPU). */
    CPU_TIME_LIMIT,
    /** An allocation failed against the address-space limit (MemoryError, "Cannot allocate memory"). */
    MEMORY_LIMIT,
    /** Starting a process or thread failed against the process limit (RLIMIT_NPROC, EAGAIN). */
    PROCESS_LIMIT,
    /** A file grew past the file-size limit (RLIMIT_FSIZE, EFBIG/SIGXFSZ). */
    FILE_SIZE_LIMIT,
    /**
     * The workspace grew past its size or entry limit (the run was killed, or it was over when the run ended), or the
     * private /tmp filled up (ENOSPC).
     */
    DISK_LIMIT,
    /** The code printed more than the output limit on stdout or stderr; the run was killed. */
    OUTPUT_LIMIT,
    /** The platform could not run the code (no bubblewrap, bad workspace, ...); not the code's fault. */
    SANDBOX_ERROR;

    /** True for the outcomes that mean a limit stopped the code. */
    public boolean isLimit() {
        return this != SUCCESS && this != ERROR && this != SANDBOX_ERROR;
    }
}
