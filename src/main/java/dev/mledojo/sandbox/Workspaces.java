package dev.mledojo.sandbox;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Host-side workspace chores: measuring it, handing it to the sandbox uid and back, trimming it after a disk kill, and
 * deleting it. The tree belongs to the sandbox, so every walk works through directory file descriptors
 * ({@link SecureDirectoryStream}: {@code openat}, {@code fstatat}, {@code unlinkat} relative to the open directory),
 * never follows a symbolic link and never builds a path the kernel has to resolve: a chain of directories longer than
 * {@code PATH_MAX} is measured, handed over and deleted like any other tree. A walk keeps at most
 * {@value #MAX_DEPTH} directories open; deeper trees count as over the limit and are deleted in several passes.
 */
public final class Workspaces {

    /** Directories open at once in one walk (two file descriptors each); deeper entries are over the limit. */
    static final int MAX_DEPTH = 512;
    private static final long BLOCK = 4096;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Path HERE = Path.of("");
    private static final int LISTED = 10;
    private static final boolean ROOT = HostProcesses.currentUid() == 0;

    private Workspaces() {
    }

    /**
     * What a workspace holds, counted the way the filesystem allocates it: each regular file (and symbolic link) its
     * size rounded up to 4 KiB blocks (a sparse file counts its full apparent size), each directory 4 KiB; every entry
     * below the root (file, directory, link, fifo, socket) one inode. {@code over} names the limit the tree is over
     * ("workspace 1 GiB", "workspace 100,000 files", a directory too deep or unreadable), or is null; when it is set
     * the walk stopped there, so the numbers are a lower bound.
     */
    public record Usage(long bytes, long entries, String over) {

        public boolean overLimit() {
            return over != null;
        }
    }

    /** Allocated bytes of one entry as counted by {@link #measure}. */
    private static long allocated(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return BLOCK;
        }
        if (a.isRegularFile() || a.isSymbolicLink()) {
            return (a.size() + BLOCK - 1) / BLOCK * BLOCK;
        }
        return 0;
    }

    /**
     * Measures the tree, stopping as soon as it holds more than {@code maxBytes} or more than {@code maxEntries}
     * entries (so an inode bomb costs a bounded walk). Anything that cannot be read, and directories nested deeper than
     * {@value #MAX_DEPTH}, count as over the limit, never as empty. Entries vanishing during the walk are ignored.
     * Never throws.
     */
    static Usage measure(Path root, long maxBytes, long maxEntries) {
        long[] total = {BLOCK, 0};
        String[] over = {null};
        Visitor v = new Visitor() {
            @Override
            public Decision entry(SecureDirectoryStream<Path> parent, Path name, Path rel, BasicFileAttributes a) {
                total[0] += allocated(a);
                total[1]++;
                if (total[0] > maxBytes) {
                    over[0] = "workspace " + SandboxLimits.bytes(maxBytes);
                } else if (total[1] > maxEntries) {
                    over[0] = "workspace " + SandboxLimits.count(maxEntries) + " files";
                }
                return over[0] != null ? Decision.STOP : a.isDirectory() ? Decision.DESCEND : Decision.NEXT;
            }

            @Override
            public boolean failed(Path rel, IOException e) {
                over[0] = "workspace unreadable (" + shortName(rel) + ": " + reason(e) + ")";
                return false;
            }

            @Override
            public boolean tooDeep(SecureDirectoryStream<Path> parent, Path name, Path rel) {
                over[0] = "workspace " + MAX_DEPTH + " nested directories";
                return false;
            }
        };
        try {
            walk(root, v);
        } catch (IOException | RuntimeException e) {
            over[0] = "workspace unreadable (" + reason(e) + ")";
        }
        return new Usage(total[0], total[1], over[0]);
    }

    /**
     * Changes the owner of every entry to {@code uid:gid}: directories and regular files through their own descriptor,
     * symbolic links, fifos and sockets (never opened) with {@code lchown} when their path is short enough, otherwise
     * left as they are (their owner matters to nobody: the platform runs as root and the directory's owner may remove
     * them). Fails on the first entry that cannot be changed.
     */
    static void chown(Path root, int uid, int gid) throws IOException {
        Owner owner = Owner.of(root, uid, gid);
        IOException[] failure = {null};
        walk(root, new Visitor() {
            @Override
            public Decision entry(SecureDirectoryStream<Path> parent, Path name, Path rel, BasicFileAttributes a)
                    throws IOException {
                if (a.isDirectory()) {
                    return Decision.DESCEND; // changed through its own descriptor once open
                }
                if (a.isRegularFile()) {
                    owner.set(parent.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW), root, rel);
                } else {
                    owner.setShortPath(root, rel);
                }
                return Decision.NEXT;
            }

            @Override
            public void opened(SecureDirectoryStream<Path> dir, Path rel) throws IOException {
                owner.set(dir.getFileAttributeView(PosixFileAttributeView.class), root, rel);
            }

            @Override
            public boolean failed(Path rel, IOException e) {
                failure[0] = e;
                return false;
            }

            @Override
            public boolean tooDeep(SecureDirectoryStream<Path> parent, Path name, Path rel) {
                failure[0] = new FileSystemException(shortName(rel), null, "nested deeper than " + MAX_DEPTH);
                return false;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /**
     * Closes the workspace between runs: its root becomes {@code root:uid}, mode {@code 0700}, while the tree inside
     * stays the run's uid's. Nobody but root can reach into it (not a host user, not a run of another workspace holding
     * that uid later, whatever set-uid bits the code left), and the group remembers the uid for
     * {@link #lastSandboxUid}: the next run takes it again when free, so its {@link #chown} only reads.
     */
    static void park(Path root, int uid) throws IOException {
        if (!Files.isDirectory(root, NOFOLLOW)) {
            return; // deleted meanwhile (the episode was closed)
        }
        PosixFileAttributeView view = Files.getFileAttributeView(root, PosixFileAttributeView.class, NOFOLLOW);
        Owner.of(root, 0, uid).set(view, root, root.relativize(root)); // ids read as numbers, not names
        view.setPermissions(OWNER_ALL); // (also clears set-uid, set-gid and sticky: they are not visible to compare)
    }

    /**
     * The sandbox uid the workspace's tree belongs to ({@code [base, base + count)}): the group of a parked root, or its
     * owner after a run the platform did not see the end of; -1 for none.
     */
    static int lastSandboxUid(Path root, int base, int count) throws IOException {
        int gid = ((Number) Files.getAttribute(root, "unix:gid", NOFOLLOW)).intValue();
        int uid = ((Number) Files.getAttribute(root, "unix:uid", NOFOLLOW)).intValue();
        if (gid >= base && gid < base + count) {
            return gid;
        }
        return uid >= base && uid < base + count ? uid : -1;
    }

    /** A regular file, directory or other entry found by {@link #trim}, relative to the root. */
    private record Found(Path rel, long allocated, int depth, boolean dir) {
    }

    /**
     * After a disk-limit kill: deletes regular files modified since {@code since}, largest first, until the tree fits
     * in {@code maxBytes} and {@code maxEntries} again; if it still holds too many entries, then also the directories
     * modified since then that are empty by now, deepest first. What the run did not touch is kept. Returns a
     * description of what was removed (the first few names, then a count).
     */
    static List<String> trim(Path root, long maxBytes, long maxEntries, Instant since) throws IOException {
        long[] total = {BLOCK, 0};
        List<Found> files = new ArrayList<>();
        List<Found> dirs = new ArrayList<>();
        walkAll(root, (parent, name, rel, a) -> {
            total[0] += allocated(a);
            total[1]++;
            boolean touched = !a.lastModifiedTime().toInstant().isBefore(since);
            if (touched && a.isRegularFile()) {
                files.add(new Found(rel, allocated(a), rel.getNameCount(), false));
            } else if (touched && a.isDirectory()) {
                dirs.add(new Found(rel, BLOCK, rel.getNameCount(), true));
            }
            return a.isDirectory() ? Decision.DESCEND : Decision.NEXT;
        });
        files.sort(Comparator.comparingLong(Found::allocated).reversed());
        List<Found> removed = new ArrayList<>();
        List<Found> chosen = new ArrayList<>();
        for (Found f : files) {
            if (total[0] <= maxBytes && total[1] <= maxEntries) {
                break;
            }
            chosen.add(f);
            total[0] -= f.allocated();
            total[1]--;
        }
        // one open parent serves all its files (an inode bomb is thousands of files in a few directories)
        chosen.sort(Comparator.comparing((Found f) -> parentOf(f.rel()).toString()));
        Path openRel = null;
        SecureDirectoryStream<Path> open = null;
        try {
            for (Found f : chosen) {
                Path parent = parentOf(f.rel());
                if (!parent.equals(openRel)) {
                    closeQuietly(open);
                    open = null;
                    openRel = parent;
                    open = openQuietly(root, parent);
                }
                if (open != null && deleteQuietly(open, f.rel().getFileName(), false)) {
                    removed.add(f);
                }
            }
        } finally {
            closeQuietly(open);
        }
        if (total[1] > maxEntries) {
            dirs.sort(Comparator.comparingInt(Found::depth).reversed());
            for (Found d : dirs) {
                if (total[1] <= maxEntries) {
                    break;
                }
                try (SecureDirectoryStream<Path> parent = openQuietly(root, parentOf(d.rel()))) {
                    if (parent != null && deleteQuietly(parent, d.rel().getFileName(), true)) {
                        removed.add(d);
                        total[0] -= BLOCK;
                        total[1]--;
                    }
                }
            }
        }
        List<String> described = new ArrayList<>();
        for (int i = 0; i < Math.min(LISTED, removed.size()); i++) {
            Found f = removed.get(i);
            described.add(shortName(f.rel()) + (f.dir() ? "/" : " (" + SandboxLimits.bytes(f.allocated()) + ")"));
        }
        if (removed.size() > LISTED) {
            long rest = removed.subList(LISTED, removed.size()).stream().mapToLong(Found::allocated).sum();
            described.add("and " + SandboxLimits.count(removed.size() - LISTED) + " more ("
                    + SandboxLimits.bytes(rest) + ")");
        }
        return described;
    }

    private static Path parentOf(Path rel) {
        Path p = rel.getParent();
        return p == null ? HERE : p;
    }

    /** Deletes one entry of {@code dir}; false when it was gone already, not empty, or could not be deleted. */
    private static boolean deleteQuietly(SecureDirectoryStream<Path> dir, Path name, boolean directory) {
        try {
            if (directory) {
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static SecureDirectoryStream<Path> openQuietly(Path root, Path rel) {
        try {
            return openDirectory(root, rel);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The directory {@code rel} below {@code root}, opened name by name without following links (only the last one
     * stays open), or null when it is gone or no longer a directory.
     */
    private static SecureDirectoryStream<Path> openDirectory(Path root, Path rel) throws IOException {
        SecureDirectoryStream<Path> dir = openRoot(root);
        try {
            for (Path name : rel) {
                if (name.toString().isEmpty()) {
                    continue;
                }
                SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, NOFOLLOW);
                dir.close();
                dir = child;
            }
            return dir;
        } catch (NoSuchFileException | NotDirectoryException e) {
            closeQuietly(dir);
            return null;
        } catch (IOException | RuntimeException e) {
            closeQuietly(dir);
            throw e;
        }
    }

    // ---- deletion ------------------------------------------------------------------------------------------------

    /**
     * Deletes a file or a whole tree at any depth, never following a link (a link is removed, never its target); a
     * missing path is fine. Directories the code made unreadable are made usable first when the platform is not root.
     * Throws when something could not be deleted.
     */
    public static void delete(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return;
        }
        if (a.isDirectory()) {
            deleteContents(path);
        }
        Files.deleteIfExists(path);
    }

    /** Deletes everything inside a directory at any depth (links themselves, never their targets), keeping it. */
    public static void deleteContents(Path dir) throws IOException {
        if (!ROOT) {
            // the code may have made the directory itself unusable (chmod 000); its owner can repair that
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, NOFOLLOW);
            if (!perms.containsAll(OWNER_ALL)) {
                EnumSet<PosixFilePermission> wanted = EnumSet.copyOf(OWNER_ALL);
                wanted.addAll(perms);
                Files.setPosixFilePermissions(dir, wanted);
            }
        }
        // a chain deeper than MAX_DEPTH is cut: its deep part is moved up to the top and deleted by the next pass
        for (int pass = 0; ; pass++) {
            Deleter d = new Deleter();
            walk(dir, d);
            if (d.failure != null) {
                throw d.failure;
            }
            if (d.movedUp == 0) {
                return;
            }
            if (pass > 100_000) {
                throw new IOException("cannot delete the contents of " + dir + ": it keeps growing");
            }
        }
    }

    /** Post-order deletion through directory descriptors. */
    private static final class Deleter implements Visitor {

        private SecureDirectoryStream<Path> top;
        private int movedUp;
        private IOException failure;
        private long failed;

        @Override
        public Decision entry(SecureDirectoryStream<Path> parent, Path name, Path rel, BasicFileAttributes a) {
            if (a.isDirectory()) {
                return Decision.DESCEND; // emptied, then removed in left()
            }
            try {
                parent.deleteFile(name);
            } catch (NoSuchFileException e) {
                // gone already
            } catch (IOException e) {
                fail(e);
            }
            return Decision.NEXT;
        }

        @Override
        public void opened(SecureDirectoryStream<Path> dir, Path rel) {
            if (rel.toString().isEmpty()) {
                top = dir;
            }
            if (!ROOT) {
                // the owner may always chmod an open directory: make it searchable and writable to empty it
                try {
                    PosixFileAttributeView view = dir.getFileAttributeView(PosixFileAttributeView.class);
                    Set<PosixFilePermission> perms = view.readAttributes().permissions();
                    if (!perms.containsAll(OWNER_ALL)) {
                        EnumSet<PosixFilePermission> wanted = EnumSet.copyOf(OWNER_ALL);
                        wanted.addAll(perms);
                        view.setPermissions(wanted);
                    }
                } catch (IOException e) {
                    // deleting its entries will say what is wrong
                }
            }
        }

        @Override
        public boolean openFailed(SecureDirectoryStream<Path> parent, Path name, Path rel, IOException e) {
            if (ROOT || !(e instanceof AccessDeniedException)) {
                return false;
            }
            // not root and not readable (chmod 000): give the owner its rights back, relative when the JDK can
            try {
                parent.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW)
                        .setPermissions(EnumSet.copyOf(OWNER_ALL));
                return true;
            } catch (IOException relative) {
                return false;
            }
        }

        @Override
        public void left(SecureDirectoryStream<Path> parent, Path name, Path rel) {
            try {
                parent.deleteDirectory(name);
            } catch (NoSuchFileException e) {
                // gone already
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public boolean failed(Path rel, IOException e) {
            fail(e);
            return true;
        }

        @Override
        public boolean tooDeep(SecureDirectoryStream<Path> parent, Path name, Path rel) {
            // everything here goes anyway: move the deep part to the top (renameat) and delete it in the next pass
            try {
                parent.move(name, top, Path.of(".dojo-deep-" + UUID.randomUUID()));
                movedUp++;
            } catch (IOException e) {
                fail(e);
            }
            return true;
        }

        private void fail(IOException e) {
            failed++;
            if (failure == null) {
                failure = new IOException("cannot delete everything in the workspace", e);
            }
        }
    }

    private static final Set<PosixFilePermission> OWNER_ALL = PosixFilePermissions.fromString("rwx------");

    // ---- the walk ------------------------------------------------------------------------------------------------

    /** What to do after an entry. */
    private enum Decision {
        NEXT, DESCEND, STOP
    }

    /** What a walk does; every {@code name} is relative to {@code parent}, every {@code rel} to the walk's root. */
    private interface Visitor {

        /** One entry below the root (attributes not following links); DESCEND applies to directories only. */
        Decision entry(SecureDirectoryStream<Path> parent, Path name, Path rel, BasicFileAttributes a)
                throws IOException;

        /** A directory was opened (the root too, with an empty {@code rel}), before its entries. */
        default void opened(SecureDirectoryStream<Path> dir, Path rel) throws IOException {
        }

        /** A directory's entries are all done, and it is closed. */
        default void left(SecureDirectoryStream<Path> parent, Path name, Path rel) throws IOException {
        }

        /** A directory could not be opened: true to try once more (the visitor repaired it). */
        default boolean openFailed(SecureDirectoryStream<Path> parent, Path name, Path rel, IOException e) {
            return false;
        }

        /** An entry could not be read; false stops the walk. */
        boolean failed(Path rel, IOException e);

        /** A directory {@value #MAX_DEPTH} levels down was not entered; false stops the walk. */
        boolean tooDeep(SecureDirectoryStream<Path> parent, Path name, Path rel);
    }

    /** A visitor that never stops and skips what it cannot read or reach. */
    @FunctionalInterface
    private interface Collector {
        Decision entry(SecureDirectoryStream<Path> parent, Path name, Path rel, BasicFileAttributes a);
    }

    private static void walkAll(Path root, Collector c) throws IOException {
        walk(root, new Visitor() {
            @Override
            public Decision entry(SecureDirectoryStream<Path> parent, Path name, Path rel, BasicFileAttributes a) {
                return c.entry(parent, name, rel, a);
            }

            @Override
            public boolean failed(Path rel, IOException e) {
                return true;
            }

            @Override
            public boolean tooDeep(SecureDirectoryStream<Path> parent, Path name, Path rel) {
                return true;
            }
        });
    }

    /** One open directory of the walk. */
    private record Frame(SecureDirectoryStream<Path> dir, Iterator<Path> entries, Path rel, Path name) {
    }

    private static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
        DirectoryStream<Path> ds = Files.newDirectoryStream(root);
        if (ds instanceof SecureDirectoryStream<Path> sds) {
            return sds;
        }
        ds.close();
        throw new IOException("this platform has no secure directory streams (openat): cannot walk " + root);
    }

    /**
     * Depth-first walk with an explicit stack of open directories (no recursion, no path longer than one name is ever
     * given to the kernel). At most {@value #MAX_DEPTH} directories are open at once.
     */
    private static void walk(Path root, Visitor v) throws IOException {
        Deque<Frame> stack = new ArrayDeque<>();
        try {
            SecureDirectoryStream<Path> top = openRoot(root);
            stack.push(new Frame(top, top.iterator(), HERE, null));
            v.opened(top, HERE);
            while (!stack.isEmpty()) {
                Frame f = stack.peek();
                Path entry;
                try {
                    if (!f.entries().hasNext()) {
                        stack.pop();
                        f.dir().close();
                        if (f.name() != null) {
                            v.left(stack.peek().dir(), f.name(), f.rel());
                        }
                        continue;
                    }
                    entry = f.entries().next();
                } catch (DirectoryIteratorException e) {
                    stack.pop();
                    f.dir().close();
                    if (!v.failed(f.rel(), e.getCause())) {
                        return;
                    }
                    continue;
                }
                Path name = entry.getFileName();
                Path rel = f.rel().resolve(name);
                BasicFileAttributes a;
                try {
                    a = f.dir().getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
                } catch (NoSuchFileException e) {
                    continue; // removed while we looked
                } catch (IOException e) {
                    if (!v.failed(rel, e)) {
                        return;
                    }
                    continue;
                }
                Decision d = v.entry(f.dir(), name, rel, a);
                if (d == Decision.STOP) {
                    return;
                }
                if (d != Decision.DESCEND || !a.isDirectory()) {
                    continue;
                }
                if (stack.size() >= MAX_DEPTH) {
                    if (!v.tooDeep(f.dir(), name, rel)) {
                        return;
                    }
                    continue;
                }
                SecureDirectoryStream<Path> child = null;
                for (int attempt = 0; child == null; attempt++) {
                    try {
                        child = f.dir().newDirectoryStream(name, NOFOLLOW);
                    } catch (NoSuchFileException | NotDirectoryException e) {
                        break; // removed or replaced while we looked
                    } catch (IOException e) {
                        if (isLoop(e)) {
                            break; // replaced by a link while we looked (O_NOFOLLOW): counted as an entry already
                        }
                        if (attempt == 0 && v.openFailed(f.dir(), name, rel, e)) {
                            continue;
                        }
                        if (!v.failed(rel, e)) {
                            return;
                        }
                        break;
                    }
                }
                if (child == null) {
                    continue;
                }
                stack.push(new Frame(child, child.iterator(), rel, name));
                v.opened(child, rel);
            }
        } finally {
            for (Frame f : stack) {
                closeQuietly(f.dir());
            }
        }
    }

    private static boolean isLoop(IOException e) {
        return e instanceof FileSystemException fse && fse.getReason() != null
                && fse.getReason().contains("symbolic links");
    }

    private static void closeQuietly(DirectoryStream<?> ds) {
        if (ds != null) {
            try {
                ds.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    /** A path for messages: long names and deep chains are shortened in the middle. */
    static String shortName(Path rel) {
        String s = rel.toString();
        return s.length() <= 120 ? s : s.substring(0, 50) + "…(" + (rel.getNameCount() - 1) + " directories)…"
                + s.substring(s.length() - 50);
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName();
    }

    /** Changes owners, through a descriptor's view or (links, fifos, sockets) a short enough path with lchown. */
    private record Owner(UserPrincipal user, GroupPrincipal group, int uid, int gid) {

        /** Paths the kernel resolves in one call (PATH_MAX 4096, with room to spare). */
        private static final int SHORT = 3800;

        /**
         * Principals by numeric id, each looked up once: a look-up is a {@code getpwnam}/{@code getgrnam} that asks
         * systemd's user database about a name no passwd entry has before the JDK takes it as a number (some 100 µs;
         * two per hand-over and two per parked workspace, every step). At most the sandbox uids and root.
         */
        private static final Map<Integer, UserPrincipal> USERS = new java.util.concurrent.ConcurrentHashMap<>();
        private static final Map<Integer, GroupPrincipal> GROUPS = new java.util.concurrent.ConcurrentHashMap<>();

        static Owner of(Path root, int uid, int gid) throws IOException {
            UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
            // numeric ids: the sandbox uids have no passwd entry, and the JDK accepts a number as the name
            UserPrincipal user = USERS.get(uid);
            if (user == null) {
                user = lookup.lookupPrincipalByName(Integer.toString(uid));
                USERS.put(uid, user);
            }
            GroupPrincipal group = GROUPS.get(gid);
            if (group == null) {
                group = lookup.lookupPrincipalByGroupName(Integer.toString(gid));
                GROUPS.put(gid, group);
            }
            return new Owner(user, group, uid, gid);
        }

        /**
         * Changes what differs, reading the numeric ids by path when it is short enough: the view's owner and group
         * are principals, each looked up by name service (a {@code getpwuid} that may ask systemd for a uid no passwd
         * entry has: some 100 µs each, 20 s for 100,000 files). No sandbox process runs during a hand-over, so the
         * path names what the view opened.
         */
        void set(PosixFileAttributeView view, Path root, Path rel) throws IOException {
            Path p = root.resolve(rel);
            if (p.toString().length() >= SHORT) {
                set(view);
                return;
            }
            Map<String, Object> ids = Files.readAttributes(p, "unix:uid,gid", NOFOLLOW);
            if ((Integer) ids.get("uid") != uid) {
                view.setOwner(user);
            }
            if ((Integer) ids.get("gid") != gid) {
                view.setGroup(group);
            }
        }

        void set(PosixFileAttributeView view) throws IOException {
            PosixFileAttributes a = view.readAttributes();
            if (!a.owner().equals(user)) {
                view.setOwner(user);
            }
            if (!a.group().equals(group)) {
                view.setGroup(group);
            }
        }

        /** lchown by path for entries that are never opened; skipped when the path is too long to resolve. */
        void setShortPath(Path root, Path rel) throws IOException {
            Path p = root.resolve(rel);
            if (p.toString().length() < SHORT) {
                Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
                Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
            }
        }
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
}
