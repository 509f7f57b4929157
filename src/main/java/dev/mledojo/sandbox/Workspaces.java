package dev.mledojo.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Host-side workspace chores: measuring it, handing it to the sandbox uid and back, trimming it after a disk kill.
 * Every walk uses lstat and never follows symbolic links, because the sandbox controls the tree's contents.
 */
final class Workspaces {

    private static final long BLOCK = 4096;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private Workspaces() {
    }

    /**
     * Bytes the tree occupies, like {@code du}: each file rounded up to 4 KiB and each directory 4 KiB, so that a
     * million empty files also count against the limit. Files vanishing during the walk are ignored.
     */
    static long usage(Path root) {
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    total[0] += BLOCK;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += (attrs.size() + BLOCK - 1) / BLOCK * BLOCK;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a partial sum is still a lower bound
        }
        return total[0];
    }

    /** Changes the owner of every entry (not following links; symlinks themselves via lchown). */
    static void chown(Path root, int uid, int gid) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                setOwner(dir, uid, gid);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                setOwner(file, uid, gid);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Gives the tree back to the platform after a run: owner {@code uid:gid}, owner read/write (and search on
     * directories) so the platform can always read and clean what the code wrote, set-uid/set-gid bits removed.
     */
    static void restore(Path root, int uid, int gid) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                setOwner(dir, uid, gid);
                fixMode(dir, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                setOwner(file, uid, gid);
                if (attrs.isRegularFile()) {
                    fixMode(file, false);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * After a disk-limit kill: deletes regular files modified since {@code since}, largest first, until the tree fits
     * in {@code limit} again. Files the run did not touch are kept. Returns a description of what was removed.
     */
    static List<String> trim(Path root, long limit, Instant since) throws IOException {
        List<Object[]> touched = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !attrs.lastModifiedTime().toInstant().isBefore(since)) {
                    touched.add(new Object[] {file, attrs.size()});
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        touched.sort(Comparator.comparingLong((Object[] a) -> (Long) a[1]).reversed());
        List<String> removed = new ArrayList<>();
        long used = usage(root);
        for (Object[] f : touched) {
            if (used <= limit) {
                break;
            }
            Path p = (Path) f[0];
            long size = (Long) f[1];
            Files.deleteIfExists(p);
            used -= (size + BLOCK - 1) / BLOCK * BLOCK;
            removed.add(root.relativize(p) + " (" + SandboxLimits.bytes(size) + ")");
        }
        return removed;
    }

    /**
     * Why a host path cannot be bind-mounted by an unprivileged bubblewrap running as {@code uid}, or empty: every
     * parent must be searchable by that uid (it is nobody's owner or group, so "others" bits apply).
     */
    static Optional<String> unreachable(Path path, int uid) throws IOException {
        Path real = path.toRealPath();
        for (Path p = real.getParent(); p != null; p = p.getParent()) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            boolean owner = ((Number) Files.getAttribute(p, "unix:uid")).intValue() == uid;
            Set<PosixFilePermission> perms = a.permissions();
            if (!(owner ? perms.contains(PosixFilePermission.OWNER_EXECUTE)
                    : perms.contains(PosixFilePermission.OTHERS_EXECUTE))) {
                return Optional.of("the sandbox user (uid " + uid + ") cannot reach " + real + ": " + p + " is "
                        + PosixFilePermissions.toString(perms) + "; make every parent directory of workspaces and "
                        + "public data searchable by others (chmod o+x)");
            }
        }
        return Optional.empty();
    }

    private static void setOwner(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
        Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
    }

    private static void fixMode(Path p, boolean dir) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, NOFOLLOW);
        int mode = ((Number) Files.getAttribute(p, "unix:mode", NOFOLLOW)).intValue();
        EnumSet<PosixFilePermission> wanted = perms.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class)
                : EnumSet.copyOf(perms);
        wanted.add(PosixFilePermission.OWNER_READ);
        wanted.add(PosixFilePermission.OWNER_WRITE);
        if (dir) {
            wanted.add(PosixFilePermission.OWNER_EXECUTE);
        }
        // setPosixFilePermissions writes only the 9 permission bits, which also clears set-uid/set-gid/sticky
        if (!wanted.equals(perms) || (mode & 07000) != 0) {
            Files.setPosixFilePermissions(p, wanted);
        }
    }
}
