package dev.mledojo.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One control group per sandbox run, so that memory (tmpfs and shared memory included), the number of processes and CPU
 * are limited for the whole sandbox rather than per process, and the run can be killed as a whole. Works on the unified
 * hierarchy (cgroup v2: {@code memory.max}, {@code memory.swap.max}, {@code memory.oom.group}, {@code pids.max},
 * {@code cpu.max}, {@code cgroup.kill}) and on the legacy per-controller hierarchies (cgroup v1: {@code memory},
 * {@code pids}, {@code cpu}, {@code cpuacct}). Run groups live below the platform's own group
 * ({@code /proc/self/cgroup}) in a {@code mledojo} folder, so the platform's own limits still bound them.
 *
 * <p>A process joins its run's groups by writing {@code 0} (itself) into each group's join file ({@link Run#joinFiles})
 * before it execs the sandbox (see {@link BwrapExecutor}); children inherit the groups and cannot leave them (the files belong to root, and no
 * cgroup file system is mounted in the sandbox).
 */
final class Cgroups {

    enum Version {
        V1, V2
    }

    private static final System.Logger LOG = System.getLogger(Cgroups.class.getName());
    private static final List<String> V1_CONTROLLERS = List.of("memory", "pids", "cpu", "cpuacct");
    private static final List<String> V2_CONTROLLERS = List.of("memory", "pids", "cpu");
    private static final long CPU_PERIOD_US = 100_000;

    private final Version version;
    /** v2: "unified" → the folder holding run groups; v1: one folder per controller. */
    private final Map<String, Path> parents;
    /** Shared by every executor of this JVM, so run group names never collide. */
    private static final AtomicLong COUNTER = new AtomicLong();
    private final String prefix = "run-" + ProcessHandle.current().pid() + "-";

    /** Whether the run groups live on the kernel's cgroup file system (tests use a fake tree of plain folders). */
    private final boolean kernelFs;

    private Cgroups(Version version, Map<String, Path> parents) {
        this.version = version;
        this.parents = parents;
        this.kernelFs = parents.values().stream().allMatch(Cgroups::onCgroupFs);
    }

    private static boolean onCgroupFs(Path dir) {
        try {
            String type = Files.getFileStore(dir).type();
            return type.equals("cgroup") || type.equals("cgroup2");
        } catch (IOException e) {
            return false;
        }
    }

    Version version() {
        return version;
    }

    /** Where run groups are created, per controller ("unified" on v2). */
    Map<String, Path> parents() {
        return parents;
    }

    /** What {@link #detect} found: the cgroups to use, or why none can be used. */
    record Detection(Optional<Cgroups> cgroups, String reason) {
    }

    /** Detects the hierarchy at {@code /sys/fs/cgroup} for this process and prepares the platform's run folder. */
    static Detection detect() {
        try {
            String self = Files.readString(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8);
            return detect(Path.of("/sys/fs/cgroup"), self);
        } catch (IOException e) {
            return new Detection(Optional.empty(), "cannot read /proc/self/cgroup: " + e.getMessage());
        }
    }

    /**
     * Detects the hierarchy mounted at {@code root} given this process's {@code /proc/self/cgroup} text, creates the
     * {@code mledojo} folder below the process's own groups, enables the controllers there (v2) and removes run groups
     * a dead platform left behind.
     */
    static Detection detect(Path root, String selfCgroup) {
        Map<String, String> own = ownPaths(selfCgroup);
        try {
            if (Files.exists(root.resolve("cgroup.controllers")) && own.containsKey("")) {
                return v2(root.resolve(relative(own.get(""))));
            }
            if (Files.isDirectory(root.resolve("memory")) && Files.isDirectory(root.resolve("pids"))) {
                Map<String, Path> parents = new LinkedHashMap<>();
                for (String c : V1_CONTROLLERS) {
                    Path mount = root.resolve(c);
                    String path = own.get(c);
                    if (!Files.isDirectory(mount) || path == null) {
                        if (c.equals("memory") || c.equals("pids")) {
                            return new Detection(Optional.empty(), "cgroup v1 controller '" + c + "' is not mounted");
                        }
                        continue; // cpu limits are optional
                    }
                    Path parent = mount.resolve(relative(path)).resolve("mledojo");
                    Files.createDirectories(parent);
                    parents.put(c, parent);
                }
                Cgroups g = new Cgroups(Version.V1, parents);
                g.sweep();
                return new Detection(Optional.of(g), "cgroup v1 (" + String.join(", ", parents.keySet()) + ")");
            }
            return new Detection(Optional.empty(), "no cgroup hierarchy with the memory and pids controllers at "
                    + root);
        } catch (IOException | RuntimeException e) {
            return new Detection(Optional.empty(), "cannot create control groups: " + e);
        }
    }

    /**
     * v2: processes may only sit in leaves once controllers are enabled below a group, so when the platform's own group
     * cannot delegate yet, its processes move into a {@code platform} leaf first (the usual container layout).
     */
    private static Detection v2(Path own) throws IOException {
        String available = read(own.resolve("cgroup.controllers")).strip();
        for (String c : V2_CONTROLLERS) {
            if (!words(available).contains(c)) {
                return new Detection(Optional.empty(), "cgroup v2 controller '" + c + "' is not delegated to "
                        + own + " (available: " + available + ")");
            }
        }
        enable(own);
        Path parent = own.resolve("mledojo");
        Files.createDirectories(parent);
        enable(parent);
        Cgroups g = new Cgroups(Version.V2, Map.of("unified", parent));
        g.sweep();
        return new Detection(Optional.of(g), "cgroup v2 at " + parent);
    }

    private static void enable(Path group) throws IOException {
        if (words(read(group.resolve("cgroup.subtree_control"))).containsAll(V2_CONTROLLERS)) {
            return;
        }
        String line = String.join(" ", V2_CONTROLLERS.stream().map(c -> "+" + c).toList());
        try {
            write(group.resolve("cgroup.subtree_control"), line);
        } catch (IOException busy) {
            // "no internal processes": move this group's processes into a leaf, then delegate
            Path leaf = group.resolve("platform");
            Files.createDirectories(leaf);
            for (String pid : read(group.resolve("cgroup.procs")).split("\\s+")) {
                if (!pid.isBlank()) {
                    try {
                        write(leaf.resolve("cgroup.procs"), pid);
                    } catch (IOException gone) {
                        // exited meanwhile
                    }
                }
            }
            write(group.resolve("cgroup.subtree_control"), line);
        }
    }

    /** Removes run groups of platforms that are no longer running (a crash leaves them behind). */
    private void sweep() {
        for (Path parent : parents.values()) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(parent, "run-*")) {
                for (Path g : dir) {
                    String[] parts = g.getFileName().toString().split("-");
                    long pid = parts.length > 2 ? parseLong(parts[1]) : -1;
                    if (pid > 0 && pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()
                            && read(g.resolve("cgroup.procs")).isBlank()) {
                        removeGroup(g);
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cgroup sweep of " + parent + ": " + e);
            }
        }
    }

    /** A fresh group for one run with these limits; {@code cpus} whole CPUs of bandwidth. */
    Run open(long memoryBytes, int maxProcesses, int cpus) throws IOException {
        String name = prefix + COUNTER.incrementAndGet();
        Map<String, Path> groups = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Path> e : parents.entrySet()) {
                Path g = e.getValue().resolve(name);
                Files.createDirectory(g);
                groups.put(e.getKey(), g);
            }
            long quota = (long) cpus * CPU_PERIOD_US;
            if (version == Version.V2) {
                Path g = groups.get("unified");
                write(g.resolve("memory.max"), Long.toString(memoryBytes));
                writeIfPresent(g.resolve("memory.swap.max"), "0");
                writeIfPresent(g.resolve("memory.oom.group"), "1");
                write(g.resolve("pids.max"), Integer.toString(maxProcesses));
                write(g.resolve("cpu.max"), quota + " " + CPU_PERIOD_US);
            } else {
                Path m = groups.get("memory");
                write(m.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
                writeIfPresent(m.resolve("memory.memsw.limit_in_bytes"), Long.toString(memoryBytes));
                write(groups.get("pids").resolve("pids.max"), Integer.toString(maxProcesses));
                if (groups.containsKey("cpu")) {
                    write(groups.get("cpu").resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
                    write(groups.get("cpu").resolve("cpu.cfs_quota_us"), Long.toString(quota));
                }
            }
            return new Run(groups, memoryBytes, maxProcesses);
        } catch (IOException | RuntimeException e) {
            groups.values().forEach(Cgroups::removeGroup);
            throw e;
        }
    }

    /** The groups of one run. */
    final class Run implements AutoCloseable {

        private final Map<String, Path> groups;
        private final long memoryBytes;
        private final int maxProcesses;
        private boolean removed;

        private Run(Map<String, Path> groups, long memoryBytes, int maxProcesses) {
            this.groups = groups;
            this.memoryBytes = memoryBytes;
            this.maxProcesses = maxProcesses;
        }

        long memoryBytes() {
            return memoryBytes;
        }

        int maxProcesses() {
            return maxProcesses;
        }

        /**
         * The files a process writes {@code 0} (itself) into to join this run: {@code cgroup.procs} on v2, the
         * {@code tasks} file of each hierarchy on v1. On v1 a thread that moves itself through {@code tasks} skips the
         * global lock against forks and execs that a move through {@code cgroup.procs} takes (Linux 6.1 and later); that
         * lock waits for an RCU grace period when no move came shortly before, 2–20 ms per hierarchy. The joining shell
         * has one thread, so moving the thread moves the process, and everything it starts inherits the groups.
         */
        List<Path> joinFiles() {
            String file = version == Version.V2 ? "cgroup.procs" : "tasks";
            return groups.values().stream().map(g -> g.resolve(file)).toList();
        }

        /** Processes the kernel's OOM killer killed in this run (memory limit, tmpfs included). */
        long oomKills() {
            if (version == Version.V2) {
                return field(groups.get("unified").resolve("memory.events"), "oom_kill");
            }
            return field(groups.get("memory").resolve("memory.oom_control"), "oom_kill");
        }

        /** Forks refused by the process limit. */
        long forksRefused() {
            return field(group("pids").resolve("pids.events"), "max");
        }

        /** CPU time used by every process of the run so far, nanoseconds (-1 when unknown). */
        long cpuNanos() {
            try {
                if (version == Version.V2) {
                    long us = field(groups.get("unified").resolve("cpu.stat"), "usage_usec");
                    return us < 0 ? -1 : us * 1000;
                }
                Path acct = groups.get("cpuacct");
                return acct == null ? -1 : parseLong(read(acct.resolve("cpuacct.usage")).strip());
            } catch (IOException e) {
                return -1;
            }
        }

        /** SIGKILLs every process of the run ({@code cgroup.kill} where the kernel has it). */
        void kill() {
            Path g = group("pids");
            Path killFile = g.resolve("cgroup.kill");
            if (version == Version.V2 && Files.exists(killFile)) {
                try {
                    write(killFile, "1");
                    return;
                } catch (IOException e) {
                    // fall back to one by one
                }
            }
            // v1: new processes may appear while we kill; pids.max bounds how many, so a few rounds suffice
            for (int round = 0; round < 100; round++) {
                List<Long> pids = procs(g);
                if (pids.isEmpty()) {
                    return;
                }
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            }
        }

        /** Pids still in the run. */
        List<Long> pids() {
            return procs(group("pids"));
        }

        private Path group(String controller) {
            return version == Version.V2 ? groups.get("unified") : groups.get(controller);
        }

        /** Kills what is left and removes the groups (a group with a dying process is retried briefly). */
        @Override
        public void close() {
            kill();
            boolean all = true;
            for (Path g : groups.values()) {
                if (!removeGroup(g)) {
                    LOG.log(System.Logger.Level.WARNING, "cannot remove " + g + " yet; the next start removes it");
                    all = false;
                }
            }
            removed = all && kernelFs;
        }

        /**
         * True once {@link #close} removed every group of the run from the kernel's cgroup file system, which refuses
         * to remove a group while a process of it lives: no process of the run is left.
         */
        boolean provenEmpty() {
            return removed;
        }
    }

    // ---- files -------------------------------------------------------------------------------------------------

    private static List<Long> procs(Path group) {
        List<Long> out = new ArrayList<>();
        try {
            for (String s : read(group.resolve("cgroup.procs")).split("\\s+")) {
                if (!s.isBlank()) {
                    out.add(Long.parseLong(s));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the group is gone
        }
        return out;
    }

    /**
     * rmdir, retried while the last processes are being reaped: first after a fraction of a millisecond (a killed
     * process is usually reaped by then), doubling up to 10 ms, for about half a second in all.
     */
    private static boolean removeGroup(Path g) {
        long pause = java.util.concurrent.TimeUnit.MICROSECONDS.toNanos(200);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);
        for (int i = 0; i < 50 && System.nanoTime() < deadline; i++) {
            try {
                Files.deleteIfExists(g);
                return true;
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // a fake tree in tests holds files; the kernel's cgroupfs lets rmdir remove its control files
                try (DirectoryStream<Path> files = Files.newDirectoryStream(g)) {
                    for (Path f : files) {
                        if (Files.isRegularFile(f)) {
                            Files.delete(f);
                        }
                    }
                } catch (IOException ignored) {
                    return false;
                }
            } catch (IOException e) {
                // EBUSY: a zombie not reaped yet
                java.util.concurrent.locks.LockSupport.parkNanos(pause);
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
                pause = Math.min(2 * pause, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        return false;
    }

    /** "key value" lines (memory.events, pids.events, memory.oom_control, cpu.stat); -1 when absent. */
    private static long field(Path file, String key) {
        try {
            for (String line : read(file).split("\n")) {
                String[] kv = line.strip().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return parseLong(kv[1]);
                }
            }
        } catch (IOException e) {
            // gone
        }
        return -1;
    }

    private static Map<String, String> ownPaths(String selfCgroup) {
        Map<String, String> own = new LinkedHashMap<>();
        for (String line : selfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length == 3) {
                for (String c : f[1].split(",")) {
                    own.putIfAbsent(c, f[2].strip());
                }
            }
        }
        return own;
    }

    private static List<String> words(String s) {
        return List.of(s.strip().split("\\s+"));
    }

    private static String relative(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.contains("..")) {
            throw new IllegalArgumentException("unexpected cgroup path " + path);
        }
        return p;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.UTF_8);
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        try {
            if (Files.exists(file)) {
                write(file, value);
            }
        } catch (NoSuchFileException e) {
            // not compiled into this kernel
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
