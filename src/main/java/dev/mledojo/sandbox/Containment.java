package dev.mledojo.sandbox;

/**
 * The sandbox's containment beyond namespaces and rlimits: per-run control groups ({@code cgroups}) and the seccomp
 * filter with {@code --disable-userns} ({@code seccomp}). See {@code src/docs/sandbox.md}.
 */
public record Containment(CgroupMode cgroups, boolean seccomp) {

    /** Whether each run gets its own control group. */
    public enum CgroupMode {
        /** Use control groups when this host allows it; otherwise say so loudly at startup and keep the rlimits. */
        AUTO,
        /** Refuse to run code without control groups (a production host where they must work). */
        REQUIRED,
        /** Rlimits only. */
        OFF
    }

    public Containment {
        java.util.Objects.requireNonNull(cgroups, "cgroups");
    }

    /** Control groups where possible, seccomp on. */
    public static Containment defaults() {
        return new Containment(CgroupMode.AUTO, true);
    }
}
