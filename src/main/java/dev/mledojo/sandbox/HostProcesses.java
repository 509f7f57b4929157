package dev.mledojo.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Reads {@code /proc} to find and kill processes by real uid (the safety net behind the PID namespace). */
final class HostProcesses {

    private static final Path PROC = Path.of("/proc");

    private HostProcesses() {
    }

    /** The real uid of this JVM. */
    static int currentUid() {
        return uidOf(Path.of("/proc/self/status")).orElseThrow(() -> new IllegalStateException("cannot read /proc"));
    }

    /** Pids of the processes whose real uid is {@code uid}. */
    static List<Long> pidsOfUid(int uid) {
        return pidsInUidRange(uid, uid + 1);
    }

    /** Pids of the live processes whose real uid is in {@code [from, to)}. */
    static List<Long> pidsInUidRange(int from, int to) {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path p : dir) {
                OptionalInt u = uidOf(p.resolve("status"));
                if (u.isPresent() && u.getAsInt() >= from && u.getAsInt() < to) {
                    pids.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    /** Number of tasks (processes and threads, what RLIMIT_NPROC counts) owned by {@code uid}. */
    static int tasksOfUid(int uid) {
        int n = 0;
        for (long pid : pidsOfUid(uid)) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
                for (Path ignored : tasks) {
                    n++;
                }
            } catch (IOException e) {
                // the process ended meanwhile
            }
        }
        return n;
    }

    /**
     * SIGKILLs every process of {@code uid} until none is left or 10 s passed; true when none is left. bwrap's monitor
     * exits as soon as its init reports the exit status, so the init may still be dying when we look: the first rounds
     * poll every fraction of a millisecond.
     */
    static boolean killAll(int uid) {
        return killUntilGone(() -> pidsOfUid(uid));
    }

    /**
     * SIGKILLs the processes {@code live} lists until it lists none or 10 s passed; true when none is left. The first
     * rounds poll every fraction of a millisecond: a killed process may still be dying when we look again.
     */
    private static boolean killUntilGone(java.util.function.Supplier<List<Long>> live) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long pause = TimeUnit.MICROSECONDS.toNanos(200);
        while (true) {
            List<Long> pids = live.get();
            if (pids.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(2 * pause, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Pids of the live processes in process group {@code pgid} (field 5 of {@code /proc/<pid>/stat}). */
    static List<Long> pidsOfGroup(long pgid) {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
            for (Path p : dir) {
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException | RuntimeException e) {
                    continue; // ended while we looked
                }
                // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse after the last ')'
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (f.length > 2 && !f[0].equals("Z") && Long.parseLong(f[2]) == pgid) {
                    pids.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return pids;
    }

    /** SIGKILLs every process of group {@code pgid} until none is left or 10 s passed; true when none is left. */
    static boolean killGroup(long pgid) {
        long self = ProcessHandle.current().pid(); // never this JVM (it is not in the group; belt and braces)
        return killUntilGone(() -> pidsOfGroup(pgid).stream().filter(p -> p != self).toList());
    }

    /** The real uid of a live (non-zombie) process, empty when it is gone or a zombie. */
    private static OptionalInt uidOf(Path status) {
        // State and Uid are within the first lines; reading 1 KiB instead of the whole file halves a /proc sweep
        byte[] head = new byte[1024];
        int n = 0;
        try (InputStream in = Files.newInputStream(status)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                n += r;
            }
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // the process ended while we looked
        }
        for (String line : new String(head, 0, n, StandardCharsets.US_ASCII).split("\n")) {
            if (line.startsWith("State:") && line.substring(6).trim().startsWith("Z")) {
                return OptionalInt.empty();
            }
            if (line.startsWith("Uid:")) {
                try {
                    return OptionalInt.of(Integer.parseInt(line.substring(4).trim().split("\\s+")[0]));
                } catch (NumberFormatException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
