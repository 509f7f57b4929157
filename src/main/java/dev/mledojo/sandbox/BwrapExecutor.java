package dev.mledojo.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs untrusted Python in a bubblewrap sandbox on this host: new user, mount, PID, network, IPC and UTS namespaces, a
 * read-only system, public data read-only at {@code /data}, the workspace read-write at {@code /workspace}, private
 * size-limited {@code /tmp} and {@code /dev/shm}, a dedicated numeric uid per run when the platform runs as root, and
 * rlimits set by {@code prlimit}. With {@link Isolation#POD} (the runner of a Kubernetes episode) or {@link Isolation#NONE} (dev only) the code runs as a plain subprocess with the
 * rlimits only.
 */
public final class BwrapExecutor implements CodeExecutor, AutoCloseable {

    /** Where the code appears inside the sandbox (a read-only copy; the workspace stays untouched). */
    public static final String CODE_PATH = "/sandbox/main.py";

    private static final System.Logger LOG = System.getLogger(BwrapExecutor.class.getName());
    /** The /etc entries Python, NumPy (libblas via /etc/alternatives), matplotlib and time zones need; no passwd. */
    private static final List<String> ETC = List.of("alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
            "localtime", "timezone", "matplotlibrc", "mime.types");
    private static final int SIGXCPU = 24;
    private static final int SIGXFSZ = 25;
    private static final int SIGKILL = 9;
    private static final Duration SYNTAX_TIMEOUT = Duration.ofSeconds(15);
    /** bwrap, its PID-namespace init and the shell before python, on top of the program's own processes. */
    private static final int SANDBOX_OWN_TASKS = 4;
    private static final String WRAPPER_NAME = "dojo-sandbox";
    /** $1: how many control-group join files follow; then the files; then the seccomp filter (or ""); the command. */
    private static final String WRAPPER = String.join("\n",
            "n=$1; shift",
            "while [ \"$n\" -gt 0 ]; do",
            "  echo 0 > \"$1\" || { echo \"$0: cannot join the control group $1\" >&2; exit 125; }",
            "  shift; n=$((n - 1))",
            "done",
            "if [ -n \"$1\" ]; then",
            "  [ -r \"$1\" ] || { echo \"$0: cannot read the seccomp filter $1\" >&2; exit 125; }",
            "  exec 3< \"$1\"",
            "fi",
            "shift",
            "exec \"$@\"");
    private static final String SYNTAX_SCRIPT = String.join("\n",
            "import sys, base64",
            "b = lambda s: base64.b64encode(str(s).encode('utf-8', 'replace')).decode()",
            "src = sys.stdin.buffer.read()",
            "try:",
            "    compile(src, 'main.py', 'exec', dont_inherit=True)",
            "    print('OK')",
            "except SyntaxError as e:",
            "    print('ERR', e.lineno or 0, e.offset or 0, b(e.msg), b((e.text or '').rstrip('\\r\\n')))",
            "except (ValueError, MemoryError, RecursionError, OverflowError) as e:",
            "    print('ERR', 0, 0, b(type(e).__name__ + ': ' + str(e)), b(''))",
            "");

    /** The launcher's exit status when the code does not compile (then none of it ran). */
    static final int SYNTAX_EXIT = 86;
    /** The launcher's last line on stderr when the code does not compile: line, column, message and text (hex). */
    static final String SYNTAX_MARKER = "dojo-sandbox-syntax ";
    /**
     * Runs the code in the interpreter that compiled it: {@code python3 -c LAUNCHER SOURCE ARGS...}, SOURCE being the
     * code's path, or {@code -} for the code on stdin. It compiles the source first; a syntax problem is reported as one
     * line on stderr ({@link #SYNTAX_MARKER}, message and source line cut at 8,000 characters) with exit status
     * {@link #SYNTAX_EXIT} before any of the code ran. Otherwise it runs the compiled code as the {@code __main__}
     * module, as {@code python3 SOURCE ARGS...} would (same {@code sys.argv}, {@code sys.path[0]}, {@code __file__},
     * exit status on an exception), leaving none of its own names behind and dropping its own frame from the
     * traceback of an uncaught exception. One interpreter start instead of two (a syntax check, then the run).
     */
    private static final String LAUNCHER = """
            def _dojo_launch():
                import sys
                if sys.argv[1] == '--wait':
                    import os
                    sys.stdin.buffer.read()
                    fd = os.open('/dev/null', os.O_RDONLY)
                    if fd != 0:
                        os.dup2(fd, 0)
                        os.close(fd)
                    del sys.argv[1]
                source = sys.argv[1]
                if source == '-':
                    name, src = '<stdin>', sys.stdin.buffer.read()
                else:
                    name = source
                    with open(source, 'rb') as f:
                        src = f.read()
                try:
                    code = compile(src, name, 'exec', dont_inherit=True)
                except SyntaxError as e:
                    _dojo_report(e.lineno or 0, e.offset or 0, e.msg, (e.text or '').rstrip('\\r\\n'))
                except (ValueError, MemoryError, RecursionError, OverflowError) as e:
                    _dojo_report(0, 0, type(e).__name__ + ': ' + str(e), '')
                del src
                g = sys.modules['__main__'].__dict__
                for k in ('_dojo_launch', '_dojo_report'):
                    g.pop(k, None)
                g['__file__'] = name
                g['__cached__'] = None
                if source != '-':
                    g['__loader__'] = sys.modules['_frozen_importlib_external'].SourceFileLoader('__main__', name)
                    sys.path[0] = name.rpartition('/')[0] or '/'
                sys.argv[:] = sys.argv[1:]
                def excepthook(t, v, tb, shown=sys.excepthook):
                    if tb is not None and tb.tb_frame.f_code.co_filename == '<string>':
                        tb = tb.tb_next
                        if isinstance(v, BaseException):
                            v.__traceback__ = tb
                    shown(t, v, tb)
                sys.excepthook = excepthook
                return code, g
            def _dojo_report(line, column, message, text):
                import os
                h = lambda s: str(s)[:8000].encode('utf-8', 'replace').hex()
                out = ('@MARKER@%d %d %s %s\\n' % (line, column, h(message), h(text))).encode()
                while out:
                    out = out[os.write(2, out):]
                os._exit(@EXIT@)
            exec(*_dojo_launch())
            """.replace("@MARKER@", SYNTAX_MARKER).replace("@EXIT@", Integer.toString(SYNTAX_EXIT));

    private final SandboxSettings settings;
    private final boolean root;
    private final int platformUid;
    private final ThreadPoolExecutor io;
    private final ScheduledExecutorService watcher;
    private final Semaphore slots;
    private final BitSet busyUids;
    private int nextUid;
    private final Set<Path> busyWorkspaces = ConcurrentHashMap.newKeySet();
    private final Containment containment;
    /** Per-run control groups, or empty (then {@link #cgroupState} says why). */
    private final Optional<Cgroups> cgroups;
    private final String cgroupState;
    /** The compiled seccomp filter bubblewrap loads from fd 3, or null. */
    private final Path seccompFile;
    private final boolean disableUserns;
    private final Warmup warmup;
    /** Sandboxes waiting for their workspace's next run, by workspace (real path); a future while one starts. */
    private final ConcurrentHashMap<Path, Pending> warm = new ConcurrentHashMap<>();
    /** Runs served by a waiting sandbox (for tests and the performance notes). */
    private final AtomicLong warmRuns = new AtomicLong();
    /** Sandboxes started ahead of a run (for tests). */
    private final AtomicLong warmStarts = new AtomicLong();
    /** Starts called off by a run that came first (for tests). */
    private final AtomicLong calledOff = new AtomicLong();
    private volatile boolean closed;

    public BwrapExecutor(SandboxSettings settings) {
        this(settings, Containment.defaults());
    }

    public BwrapExecutor(SandboxSettings settings, Containment containment) {
        this(settings, containment, Warmup.OFF);
    }

    public BwrapExecutor(SandboxSettings settings, Containment containment, Warmup warmup) {
        this.settings = settings;
        this.containment = containment;
        this.warmup = warmup;
        this.platformUid = HostProcesses.currentUid();
        this.root = platformUid == 0;
        this.busyUids = new BitSet(settings.uidCount());
        this.slots = new Semaphore(settings.maxConcurrentRuns());
        this.io = new ThreadPoolExecutor(0, 4 * settings.maxConcurrentRuns() + 8, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons("sandbox-io"));
        this.watcher = new ScheduledThreadPoolExecutor(1, daemons("sandbox-watch"));
        if (settings.isolation() == Isolation.POD) {
            LOG.log(System.Logger.Level.INFO, "Agent code runs in this pod as a child process with rlimits; the pod "
                    + "is its sandbox");
        } else if (settings.isolation() == Isolation.NONE) {
            LOG.log(System.Logger.Level.WARNING, """

                    ************************************************************************
                    *  SANDBOX ISOLATION IS OFF (dojo.sandbox.isolation=none).             *
                    *  Agent code runs as a plain subprocess with rlimits only: it can     *
                    *  read this host's files (private answers included), use the network  *
                    *  and leave processes behind. Use this on a developer laptop only.    *
                    ************************************************************************""");
        }
        if (containment.cgroups() == Containment.CgroupMode.OFF || settings.isolation() == Isolation.POD) {
            this.cgroups = Optional.empty();
            this.cgroupState = settings.isolation() == Isolation.POD ? "the pod's own cgroup" : "off (configured)";
        } else {
            Cgroups.Detection d = Cgroups.detect();
            this.cgroups = d.cgroups();
            this.cgroupState = d.reason();
            if (cgroups.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, """

                        ************************************************************************
                        *  NO CONTROL GROUPS FOR THE SANDBOX: memory, processes and CPU are    *
                        *  limited per process (rlimits) only, not per sandbox; tmpfs memory   *
                        *  is not counted. Run the platform as root on a host with cgroup v1   *
                        *  or a delegated cgroup v2 subtree (see src/docs/sandbox.md).         *
                        ************************************************************************
                        Reason:\s""" + d.reason());
            }
        }
        Path filter = null;
        boolean userns = false;
        if (settings.isolation() == Isolation.BWRAP && containment.seccomp()) {
            Optional<byte[]> bpf = SeccompFilter.forThisMachine();
            if (bpf.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "No seccomp filter for the architecture "
                        + System.getProperty("os.arch") + "; the sandbox runs without one");
            } else {
                try {
                    filter = Files.createTempFile("dojo-seccomp-", ".bpf"); // owner-only
                    Files.write(filter, bpf.get());
                    filter.toFile().deleteOnExit();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot write the seccomp filter: " + e);
                    filter = null;
                }
            }
            userns = bwrapHas("--disable-userns");
            if (!userns && Files.isExecutable(settings.bwrap())) {
                LOG.log(System.Logger.Level.WARNING, settings.bwrap() + " has no --disable-userns (bubblewrap < 0.8): "
                        + "only the seccomp filter keeps the sandbox from creating user namespaces");
            }
        }
        this.seccompFile = filter;
        this.disableUserns = userns;
        unavailable().ifPresent(why -> LOG.log(System.Logger.Level.WARNING, "The sandbox cannot run code: " + why));
    }

    private boolean bwrapHas(String option) {
        if (!Files.isExecutable(settings.bwrap())) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(settings.bwrap().toString(), "--help").redirectErrorStream(true).start();
            String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return help.contains(option);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How runs are contained beyond namespaces: control groups (or why not), seccomp, nested user namespaces. */
    public String containmentState() {
        return "cgroups: " + (cgroups.isPresent() ? cgroupState : "none (" + cgroupState + ")")
                + "; seccomp: " + (seccompFile != null ? "on" : "off")
                + "; nested user namespaces: " + (disableUserns ? "disabled" : "not disabled by bwrap");
    }

    /** True when each run gets its own control group. */
    public boolean hasCgroups() {
        return cgroups.isPresent();
    }

    /** The executor with {@link SandboxSettings#defaults()}. */
    public BwrapExecutor() {
        this(SandboxSettings.defaults());
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** Why {@link #run} would refuse every request on this host (missing binaries), or empty when it can run. */
    public Optional<String> unavailable() {
        if (settings.isolation() == Isolation.BWRAP && !Files.isExecutable(settings.bwrap())) {
            return Optional.of("bubblewrap is not installed (no executable " + settings.bwrap() + "); install the "
                    + "'bubblewrap' package, or set dojo.sandbox.isolation=none to run code WITHOUT isolation "
                    + "(dev only, unsafe)");
        }
        if (!Files.isExecutable(settings.python())) {
            return Optional.of("the sandbox interpreter " + settings.python() + " is not installed");
        }
        if (!Files.isExecutable(settings.prlimit())) {
            return Optional.of(settings.prlimit() + " is missing (package util-linux); it sets the sandbox limits");
        }
        if (settings.isolation() == Isolation.POD && !Files.isExecutable(setsid())) {
            return Optional.of(setsid() + " is missing (package util-linux); it gives each run its own process group");
        }
        if (switchesUid() && !Files.isExecutable(settings.setpriv())) {
            return Optional.of(settings.setpriv() + " is missing (package util-linux); it drops root for the sandbox");
        }
        if (containment.cgroups() == Containment.CgroupMode.REQUIRED && cgroups.isEmpty()
                && settings.isolation() != Isolation.POD) {
            return Optional.of("control groups are required (dojo.sandbox.cgroups=required) but cannot be used: "
                    + cgroupState);
        }
        return Optional.empty();
    }

    // ---- run ---------------------------------------------------------------------------------------------------

    @Override
    public ExecutionResult run(ExecutionRequest request) {
        return run(request, false);
    }

    /**
     * Compiles and runs the code in one interpreter start (see {@link #LAUNCHER}). A run the sandbox refuses before it
     * starts (a workspace over its limit, no free slot) checks the syntax on its own first, so that a syntax error is
     * reported as it would have been before the refusal.
     */
    @Override
    public CheckedRun checkAndRun(ExecutionRequest request) {
        ExecutionResult r = run(request, true);
        if (r.exitCode() == -1 && r.wallTime().isZero()) {
            Optional<SyntaxProblem> problem = checkSyntax(request.code());
            return problem.isPresent() ? CheckedRun.notCompiled(problem.get()) : CheckedRun.ran(r);
        }
        return syntaxReport(r).map(CheckedRun::notCompiled).orElseGet(() -> CheckedRun.ran(r));
    }

    /** The launcher's syntax report: exit status {@link #SYNTAX_EXIT} and the marker on the last line of stderr. */
    static Optional<SyntaxProblem> syntaxReport(ExecutionResult r) {
        if (r.outcome() != Outcome.ERROR || r.exitCode() != SYNTAX_EXIT || r.outputTruncated()) {
            return Optional.empty();
        }
        String err = r.stderr().endsWith("\n") ? r.stderr().substring(0, r.stderr().length() - 1) : r.stderr();
        String last = err.substring(err.lastIndexOf('\n') + 1);
        if (!last.startsWith(SYNTAX_MARKER)) {
            return Optional.empty();
        }
        String[] f = last.substring(SYNTAX_MARKER.length()).split(" ", -1);
        if (f.length != 4) {
            return Optional.empty();
        }
        try {
            java.util.HexFormat hex = java.util.HexFormat.of();
            return Optional.of(new SyntaxProblem(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                    new String(hex.parseHex(f[2]), StandardCharsets.UTF_8),
                    new String(hex.parseHex(f[3]), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private ExecutionResult run(ExecutionRequest request, boolean launcher) {
        Optional<String> why = unavailable();
        if (why.isPresent()) {
            return ExecutionResult.sandboxError("Cannot run code: " + why.get() + ".");
        }
        Path ws;
        try {
            ws = request.workspace().toRealPath();
            if (!Files.isDirectory(ws)) {
                return ExecutionResult.sandboxError("The workspace " + ws + " is not a directory.");
            }
            if (request.publicData() != null && !Files.isDirectory(request.publicData())) {
                return ExecutionResult.sandboxError("The public data " + request.publicData() + " is not a directory.");
            }
        } catch (IOException e) {
            return ExecutionResult.sandboxError("The workspace " + request.workspace() + " does not exist.");
        }
        Waiting waiting = takeWarm(ws);
        ExecutionResult r;
        if (waiting != null && launcher && warmable(request)
                && waiting.serves(warmKey(request), request.limits().cpuTime())) {
            r = runWarm(waiting, request);
        } else {
            if (waiting != null) {
                discard(waiting);
            }
            r = runCold(request, ws, launcher);
        }
        if (launcher && warmable(request) && !r.wallTime().isZero() && r.outcome() != Outcome.SANDBOX_ERROR) {
            warmLater(request, ws);
        }
        return r;
    }

    private ExecutionResult runCold(ExecutionRequest request, Path ws, boolean launcher) {
        if (!slots.tryAcquire()) {
            return ExecutionResult.sandboxError("Too many sandboxes run at once (" + settings.maxConcurrentRuns()
                    + "); try again later.");
        }
        if (!busyWorkspaces.add(ws)) {
            slots.release();
            return ExecutionResult.sandboxError("Another run is using the workspace " + ws + ".");
        }
        int uid = -1;
        try {
            if (switchesUid()) {
                uid = acquireUid(Workspaces.lastSandboxUid(ws, settings.baseUid(), settings.uidCount()));
                if (uid < 0) {
                    return ExecutionResult.sandboxError("All " + settings.uidCount() + " sandbox uids are in use.");
                }
            }
            ExecutionResult over = overBeforeRun(ws, request.limits());
            if (over != null) {
                return over;
            }
            if (uid >= 0 && settings.isolation() == Isolation.BWRAP) {
                Optional<String> unreachable = Workspaces.unreachable(ws, uid);
                if (unreachable.isEmpty() && request.publicData() != null) {
                    unreachable = Workspaces.unreachable(request.publicData(), uid);
                }
                if (unreachable.isPresent()) {
                    return ExecutionResult.sandboxError("Cannot run code: " + unreachable.get() + ".");
                }
            }
            if (uid >= 0) {
                // the workspace's last uid again when free: then this walk only reads (what the platform added meanwhile
                // excepted); another uid rewrites every owner
                Workspaces.chown(ws, uid, uid);
            }
            Cgroups.Run group = null;
            if (cgroups.isPresent()) {
                try {
                    group = openGroup(request.limits());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot create the run's control group", e);
                    return ExecutionResult.sandboxError("Cannot create the sandbox's control group: " + e.getMessage());
                }
            }
            boolean done = false;
            try {
                // mtime granularity: a file written in the first instant must count as written by this run
                Instant since = Instant.now().minusSeconds(2);
                Started s;
                try {
                    s = start(request, ws, command(request, ws, uid, group, launcher, null), group, true);
                } catch (StartFailure e) {
                    return ExecutionResult.sandboxError(e.getMessage());
                }
                if (s == null) {
                    return ExecutionResult.sandboxError("The sandbox has no free I/O threads; try again later.");
                }
                ExecutionResult r = overAfterRun(finish(s, request.limits(), ws, uid, group), ws, request.limits(), since);
                done = true;
                return r;
            } finally {
                if (!done && group != null) {
                    group.kill();
                }
                int held = uid;
                uid = -1; // releaseRun gives it back, whatever happens there
                releaseRun(ws, held, group);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "sandbox run failed", e);
            return ExecutionResult.sandboxError("The sandbox failed: " + e);
        } finally {
            if (uid >= 0) {
                releaseUid(uid);
            }
            busyWorkspaces.remove(ws);
            slots.release();
        }
    }

    // ---- waiting sandboxes -------------------------------------------------------------------------------------

    /**
     * A sandbox started for a workspace's next run: uid, control group, watchers and output readers as for a run, the
     * interpreter started and blocked on its stdin; {@link #CODE_PATH} is a read-only bind of {@code codeDir}, empty
     * until the code is written there. It holds the workspace's busy mark and its uid, not a run slot.
     */
    private record Waiting(Path ws, int uid, Cgroups.Run group, Path codeDir, List<Object> key, Duration cpuTime,
            Started started) {
        /**
         * Alive, and started for the same command and limits. An episode's CPU time follows its remaining wall time,
         * so it shrinks from step to step: a sandbox started with more serves a run with less when its control group
         * holds the run to its own CPU time (the per-process rlimit stays the larger one).
         */
        boolean serves(List<Object> other, Duration cpu) {
            return started.p.isAlive() && started.killed.get() == null && key.equals(other)
                    && (cpuTime.equals(cpu) || group != null && cpuTime.compareTo(cpu) > 0);
        }
    }

    /** Only the plain code runs of the Gym (no extra mounts, variables or arguments), bubblewrap with sandbox uids. */
    private boolean warmable(ExecutionRequest request) {
        return warmup.enabled() && !closed && switchesUid() && settings.isolation() == Isolation.BWRAP
                && request.extras() == ExecutionRequest.Extras.NONE;
    }

    /**
     * What must be equal for a waiting sandbox to serve a run: what its command line and watchers are made of besides
     * the workspace and uid (which are the waiting sandbox's own) and the settings (the executor's): the public data
     * and the limits, the wall time (applied when the run begins) and the CPU time ({@link Waiting#serves}) aside.
     */
    private static List<Object> warmKey(ExecutionRequest request) {
        SandboxLimits l = request.limits();
        return List.of(request.publicData() == null ? "" : request.publicData().toAbsolutePath().normalize(),
                l.memoryBytes(), l.maxProcesses(), l.maxFileBytes(), l.maxWorkspaceBytes(), l.maxOutputBytes(),
                l.maxWorkspaceEntries());
    }

    /**
     * A waiting sandbox to be: {@code started} once its start began (or once a run took its place before: then it
     * never starts), {@code f} its sandbox (null when it did not start).
     */
    private record Pending(java.util.concurrent.atomic.AtomicBoolean started, CompletableFuture<Waiting> f) {
        Pending() {
            this(new java.util.concurrent.atomic.AtomicBoolean(), new CompletableFuture<>());
        }
    }

    /**
     * The sandbox waiting for this workspace, taken out of the pool, or null. One that is starting is waited for (its
     * start is under way: sooner than a start of its own); one whose start has not begun yet (the run came within
     * {@link Warmup#delay()}) is called off.
     */
    private Waiting takeWarm(Path ws) {
        Pending p = warm.remove(ws);
        if (p == null) {
            return null;
        }
        CompletableFuture<Waiting> f = p.f();
        if (p.started().compareAndSet(false, true)) {
            calledOff.incrementAndGet();
            f.complete(null);
            return null;
        }
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.thenAccept(w -> {
                if (w != null) {
                    discard(w);
                }
            });
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.thenAccept(w -> {
                if (w != null) {
                    discard(w);
                }
            });
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        }
    }

    /**
     * After a run: starts the same sandbox again for the workspace's next run, a little later (this run's response
     * first), unless one waits already or the pool is full. It is stopped after {@link Warmup#idle()} unused.
     */
    private void warmLater(ExecutionRequest request, Path ws) {
        if (warm.size() >= warmup.max()) {
            return;
        }
        Pending pending = new Pending();
        CompletableFuture<Waiting> f = pending.f();
        if (warm.putIfAbsent(ws, pending) != null) {
            return;
        }
        ExecutionRequest next = new ExecutionRequest("", ws, request.publicData(), request.limits());
        Runnable spawn = () -> {
            if (!pending.started().compareAndSet(false, true)) {
                return; // a run came first
            }
            Waiting w = null;
            try {
                w = spawnWarm(next, ws);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot start a sandbox ahead of the next run: " + e);
            }
            if (w == null) {
                warm.remove(ws, pending);
            }
            f.complete(w);
            if (w != null) {
                try {
                    watcher.schedule(() -> {
                        if (warm.remove(ws, pending)) {
                            Waiting unused = f.join();
                            try {
                                io.execute(() -> discard(unused));
                            } catch (RejectedExecutionException e) {
                                discard(unused);
                            }
                        }
                    }, warmup.idle().toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    if (warm.remove(ws, pending)) {
                        discard(w);
                    }
                }
            }
        };
        try {
            watcher.schedule(() -> {
                try {
                    io.execute(spawn);
                } catch (RejectedExecutionException e) {
                    warm.remove(ws, pending);
                    f.complete(null);
                }
            }, warmup.delay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            warm.remove(ws, pending);
            f.complete(null);
        }
    }

    private Waiting spawnWarm(ExecutionRequest request, Path ws) {
        if (closed || !busyWorkspaces.add(ws)) {
            return null;
        }
        if (startupHookIn(ws)) {
            busyWorkspaces.remove(ws);
            return null;
        }
        int uid;
        try {
            uid = acquireUid(Workspaces.lastSandboxUid(ws, settings.baseUid(), settings.uidCount()));
        } catch (IOException | RuntimeException e) {
            uid = -1;
        }
        if (uid < 0) {
            busyWorkspaces.remove(ws);
            return null;
        }
        Cgroups.Run group = null;
        Path codeDir = null;
        try {
            Workspaces.chown(ws, uid, uid);
            if (cgroups.isPresent()) {
                group = openGroup(request.limits());
            }
            codeDir = codeDir(uid);
            Started s = start(request, ws, command(request, ws, uid, group, true, codeDir), group, false);
            if (s != null) {
                warmStarts.incrementAndGet();
                return new Waiting(ws, uid, group, codeDir, warmKey(request), request.limits().cpuTime(), s);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot start a sandbox ahead of the next run: " + e);
        }
        if (group != null) {
            group.kill();
        }
        try {
            releaseRun(ws, uid, group);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot release a sandbox that did not start: " + e);
        } finally {
            deleteCodeDir(codeDir);
            busyWorkspaces.remove(ws);
        }
        return null;
    }

    /**
     * Whether the workspace holds something the interpreter could run while it starts, before any code was handed
     * over: {@code sitecustomize}/{@code usercustomize}, a user site ({@code .local}, HOME being the workspace), or a
     * module named like one the interpreter imports while it starts ({@code PYTHONPATH} puts the workspace ahead of
     * the standard library). Then no sandbox waits: the next run starts its own, so that no code of the agent runs
     * outside a run (its wall time, its budget).
     */
    private boolean startupHookIn(Path ws) {
        Set<String> names = startupModules();
        if (names == null) {
            return true;
        }
        try (var entries = Files.newDirectoryStream(ws)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                int dot = n.indexOf('.');
                if (n.equals(".local") || names.contains(dot > 0 ? n.substring(0, dot) : n)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private volatile Set<String> startupModules;

    /**
     * The top-level modules the interpreter has imported once it started (asked once, with the sandbox's environment
     * but no workspace), and the two customisation hooks; null when the interpreter cannot say.
     */
    private Set<String> startupModules() {
        Set<String> names = startupModules;
        if (names != null) {
            return names.isEmpty() ? null : names;
        }
        Set<String> found = new java.util.HashSet<>(Set.of("sitecustomize", "usercustomize"));
        try {
            ProcessBuilder pb = new ProcessBuilder(settings.python().toString(), "-c",
                    "import sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))");
            pb.environment().clear();
            pb.environment().putAll(environment("/nonexistent", "", "/tmp"));
            pb.redirectErrorStream(true);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                found.addAll(List.of(out.strip().split(" ")));
                startupModules = Set.copyOf(found);
                return startupModules;
            }
            p.destroyForcibly();
            LOG.log(System.Logger.Level.WARNING, "no sandbox waits: the interpreter's start-up modules are unknown: "
                    + out);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "no sandbox waits: the interpreter's start-up modules are unknown: "
                    + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        startupModules = Set.of();
        return null;
    }

    private Path codeRoot;

    /** A private folder for one waiting sandbox's code: the sandbox uid's, read-only to it, nobody else's. */
    private Path codeDir(int uid) throws IOException {
        Path root;
        synchronized (this) {
            if (codeRoot == null) {
                // a fresh random name (no one can have made it before), root's, passable by the sandbox uids
                codeRoot = Files.createTempDirectory("dojo-sandbox-code-");
                Files.setPosixFilePermissions(codeRoot,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            }
            root = codeRoot;
        }
        Path dir = Files.createDirectory(root.resolve(UUID.randomUUID().toString()));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        Files.setAttribute(dir, "unix:uid", uid);
        Files.setAttribute(dir, "unix:gid", uid);
        return dir;
    }

    private static void deleteCodeDir(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("main.py"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + dir + ": " + e);
        }
    }

    /** Runs the code in the sandbox that waited for it: the code is written to its folder, then its stdin closes. */
    private ExecutionResult runWarm(Waiting w, ExecutionRequest request) {
        if (!slots.tryAcquire()) {
            discard(w);
            return ExecutionResult.sandboxError("Too many sandboxes run at once (" + settings.maxConcurrentRuns()
                    + "); try again later.");
        }
        Path ws = w.ws();
        Started s = w.started();
        boolean ran = false;
        try {
            ExecutionResult over = overBeforeRun(ws, request.limits());
            if (over != null) {
                return over;
            }
            Workspaces.chown(ws, w.uid(), w.uid()); // what the platform added since the sandbox started
            Path code = w.codeDir().resolve("main.py");
            Files.write(code, request.code().getBytes(StandardCharsets.UTF_8));
            Files.setAttribute(code, "unix:uid", w.uid());
            Files.setAttribute(code, "unix:gid", w.uid());
            Files.setPosixFilePermissions(code, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
            Instant since = Instant.now().minusSeconds(2);
            s.touchedSince = since;
            s.cpuTime = request.limits().cpuTime();
            s.t0 = System.nanoTime();
            try {
                s.p.getOutputStream().close(); // go
            } catch (IOException e) {
                // it died meanwhile; its exit status and stderr say why
            }
            warmRuns.incrementAndGet();
            ran = true;
            return overAfterRun(finish(s, request.limits(), ws, w.uid(), w.group()), ws, request.limits(), since);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "sandbox run failed", e);
            return ExecutionResult.sandboxError("The sandbox failed: " + e);
        } finally {
            if (!ran) {
                stopStarted(s, w.group());
            }
            try {
                releaseRun(ws, w.uid(), w.group());
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot release the sandbox of " + ws, e);
            } finally {
                deleteCodeDir(w.codeDir());
                busyWorkspaces.remove(ws);
                slots.release();
            }
        }
    }

    /** Stops a waiting sandbox and gives back what it held. */
    private void discard(Waiting w) {
        try {
            stopStarted(w.started(), w.group());
            releaseRun(w.ws(), w.uid(), w.group());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot stop a waiting sandbox: " + e);
        } finally {
            deleteCodeDir(w.codeDir());
            busyWorkspaces.remove(w.ws());
        }
    }

    private void stopStarted(Started s, Cgroups.Run group) {
        s.stop.accept(Outcome.SANDBOX_ERROR, null);
        if (group != null) {
            group.kill();
        }
        waitUninterruptibly(s.p);
        s.diskWatch.cancel(false);
        if (s.groupWatch != null) {
            s.groupWatch.cancel(false);
        }
        for (Future<?> f : s.tasks) {
            try {
                f.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                f.cancel(true);
            }
        }
    }

    /**
     * Stops the sandbox waiting for this workspace, if any: its next run starts its own. For a workspace emptied or
     * removed (an episode reset or closed), whose waiting interpreter started on the workspace as it was.
     */
    @Override
    public void forget(Path workspace) {
        Path ws;
        try {
            ws = workspace.toRealPath();
        } catch (IOException e) {
            ws = workspace.toAbsolutePath().normalize();
        }
        Waiting w = takeWarm(ws);
        if (w != null) {
            discard(w);
        }
    }

    /** How many runs a waiting sandbox served. */
    public long warmRuns() {
        return warmRuns.get();
    }

    /** How many sandboxes were started ahead of a run. */
    public long warmStarts() {
        return warmStarts.get();
    }

    /** How many starts of a waiting sandbox a run called off because it came before the start began. */
    public long calledOff() {
        return calledOff.get();
    }

    /** How many sandboxes wait, start or are about to start now. */
    public int waiting() {
        return warm.size();
    }

    /** How many sandboxes have started and wait for a run now. */
    public int ready() {
        return (int) warm.values().stream().filter(p -> p.f().isDone() && p.f().getNow(null) != null).count();
    }

    /** A workspace over its limits is refused before anything runs. */
    private static ExecutionResult overBeforeRun(Path ws, SandboxLimits limits) {
        Workspaces.Usage used = Workspaces.measure(ws, limits.maxWorkspaceBytes(), limits.maxWorkspaceEntries());
        if (!used.overLimit()) {
            return null;
        }
        return new ExecutionResult(Outcome.DISK_LIMIT, -1, "", "The workspace is over its limit ("
                + used.over() + "): it holds at least " + SandboxLimits.bytes(used.bytes()) + " in "
                + SandboxLimits.count(used.entries()) + " files and folders; delete files (or empty the "
                + "workspace) before running code.", false, Duration.ZERO, used.over());
    }

    private Cgroups.Run openGroup(SandboxLimits limits) throws IOException {
        return cgroups.get().open(limits.memoryBytes(), limits.maxProcesses() + SANDBOX_OWN_TASKS, settings.threads());
    }

    /**
     * After a run (or a waiting sandbox's end): the control group closed, the uid's processes swept, the workspace
     * parked, the uid given back. Not the workspace's busy mark nor the run slot: the caller holds those.
     */
    private void releaseRun(Path ws, int uid, Cgroups.Run group) throws IOException {
        try {
            if (group != null) {
                group.close();
            }
        } finally {
            if (uid >= 0) {
                try {
                    // the PID namespace is gone with bwrap; this sweep is the safety net, and it leaves the uid clean
                    // for its next holder. Not needed when the kernel removed the run's control group: every process
                    // of the uid was in it (the wrapper joined it before dropping root; children cannot leave), and a
                    // group is only removed once none of its processes lives
                    boolean noneLeft = settings.isolation() == Isolation.BWRAP && group != null && group.provenEmpty();
                    if (!noneLeft && !HostProcesses.killAll(uid)) {
                        LOG.log(System.Logger.Level.ERROR, "processes of sandbox uid " + uid + " survive SIGKILL");
                    }
                    // the tree stays the uid's (no write per entry); its root goes back to root, mode 0700, so no
                    // host user and no other run (whichever uid it has) can reach into it until the next run
                    Workspaces.park(ws, uid);
                } finally {
                    releaseUid(uid);
                }
            }
        }
    }

    private record Limit(Outcome outcome, String text) {
    }

    /**
     * The workspace measured once more after the run: a writer that finished between two polls of the disk watch is
     * over the limit all the same. Then the run's files are trimmed and the outcome is {@code DISK_LIMIT}.
     */
    private ExecutionResult overAfterRun(ExecutionResult r, Path ws, SandboxLimits limits, Instant since)
            throws IOException {
        if (r.outcome() == Outcome.SANDBOX_ERROR) {
            return r;
        }
        Workspaces.Usage used = Workspaces.measure(ws, limits.maxWorkspaceBytes(), limits.maxWorkspaceEntries());
        if (!used.overLimit()) {
            return r;
        }
        List<String> removed = Workspaces.trim(ws, limits.maxWorkspaceBytes(), limits.maxWorkspaceEntries(), since);
        String text = used.over() + (removed.isEmpty() ? "" : "; removed files this run wrote: "
                + String.join(", ", removed));
        return new ExecutionResult(Outcome.DISK_LIMIT, r.exitCode(), r.stdout(), r.stderr(), r.outputTruncated(),
                r.wallTime(), text);
    }

    private static final class StartFailure extends IOException {
        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A started sandbox: its process, output readers and watchers, and when its run began. */
    private static final class Started {
        final Process p;
        final AtomicReference<Limit> killed;
        final java.util.function.BiConsumer<Outcome, String> stop;
        final CappedOutput out;
        final CappedOutput err;
        final List<Future<?>> tasks;
        ScheduledFuture<?> diskWatch;
        ScheduledFuture<?> groupWatch;
        /** When the run began: the process start, or for a waiting sandbox the moment its code was handed over. */
        long t0;
        Instant touchedSince;
        /** The CPU time the control-group watcher allows: the run's (a waiting sandbox's rlimit may be higher). */
        volatile Duration cpuTime;

        Started(Process p, AtomicReference<Limit> killed, java.util.function.BiConsumer<Outcome, String> stop,
                CappedOutput out, CappedOutput err, List<Future<?>> tasks, long t0, Instant touchedSince) {
            this.p = p;
            this.killed = killed;
            this.stop = stop;
            this.out = out;
            this.err = err;
            this.tasks = tasks;
            this.t0 = t0;
            this.touchedSince = touchedSince;
        }
    }

    /**
     * Starts the sandbox with its output readers and its disk and control-group watchers; with {@code codeNow} the code
     * goes to its stdin right away (bwrap copies it to {@value #CODE_PATH}), otherwise the interpreter waits until its
     * stdin closes ({@link #warmLater}). Null when no I/O thread is free (the process is gone again).
     */
    private Started start(ExecutionRequest request, Path ws, List<String> command, Cgroups.Run group, boolean codeNow)
            throws IOException {
        SandboxLimits limits = request.limits();
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        if (settings.isolation() == Isolation.BWRAP) {
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.directory(Path.of("/").toFile());
        } else {
            pb.environment().putAll(environment(ws.toString(),
                    request.publicData() == null ? "" : request.publicData().toAbsolutePath().toString(),
                    System.getProperty("java.io.tmpdir")));
            pb.environment().putAll(request.extras().env());
            pb.directory(ws.toFile());
        }
        Instant begin = Instant.now();
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new StartFailure("Cannot start the sandbox: " + e.getMessage(), e);
        }
        AtomicReference<Limit> killed = new AtomicReference<>();
        java.util.function.BiConsumer<Outcome, String> stop = (outcome, text) -> {
            if (killed.compareAndSet(null, new Limit(outcome, text))) {
                destroy(p);
                if (group != null) {
                    group.kill();
                }
            }
        };
        int cap = limits.maxOutputBytes();
        CappedOutput out = new CappedOutput(p.getInputStream(), cap,
                () -> stop.accept(Outcome.OUTPUT_LIMIT, "output " + SandboxLimits.bytes(cap) + " (stdout)"));
        CappedOutput err = new CappedOutput(p.getErrorStream(), cap,
                () -> stop.accept(Outcome.OUTPUT_LIMIT, "output " + SandboxLimits.bytes(cap) + " (stderr)"));
        // mtime granularity: a file written in the first instant must count as written by this run
        Started s = new Started(p, killed, stop, out, err, new ArrayList<>(), t0, begin.minusSeconds(2));
        s.cpuTime = limits.cpuTime();
        try {
            if (codeNow) {
                byte[] code = request.code().getBytes(StandardCharsets.UTF_8);
                s.tasks.add(io.submit(() -> {
                    try (OutputStream in = p.getOutputStream()) {
                        in.write(code);
                    } catch (IOException e) {
                        // the sandbox died before reading its code; its stderr says why
                    }
                }));
            }
            s.tasks.add(io.submit(out));
            s.tasks.add(io.submit(err));
            long maxWs = limits.maxWorkspaceBytes();
            long maxEntries = limits.maxWorkspaceEntries();
            long every = settings.diskPollInterval().toMillis();
            s.diskWatch = watcher.scheduleWithFixedDelay(() -> {
                Workspaces.Usage used = Workspaces.measure(ws, maxWs, maxEntries);
                if (used.overLimit()) {
                    stop.accept(Outcome.DISK_LIMIT, used.over());
                }
            }, every, every, TimeUnit.MILLISECONDS);
            java.util.function.BooleanSupplier cancelled = request.extras().cancelled();
            if (group != null || request.extras() != ExecutionRequest.Extras.NONE) {
                s.groupWatch = watcher.scheduleWithFixedDelay(() -> {
                    Duration cpu = s.cpuTime;
                    if (cancelled.getAsBoolean()) {
                        stop.accept(Outcome.SANDBOX_ERROR, null);
                    } else if (group == null) {
                        return;
                    } else if (group.oomKills() > 0) {
                        stop.accept(Outcome.MEMORY_LIMIT, memoryText(limits));
                    } else if (group.cpuNanos() > cpu.toNanos()) {
                        stop.accept(Outcome.CPU_TIME_LIMIT, "CPU time " + SandboxLimits.seconds(cpu)
                                + " (all processes of the sandbox together)");
                    }
                }, every, every, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            destroy(p);
            waitUninterruptibly(p);
            if (s.diskWatch != null) {
                s.diskWatch.cancel(false);
            }
            s.tasks.forEach(f -> f.cancel(true));
            return null;
        }
        return s;
    }

    /** Waits for the started sandbox to end (or kills it at its wall time) and reads what it left. */
    private ExecutionResult finish(Started s, SandboxLimits limits, Path ws, int uid, Cgroups.Run group)
            throws IOException {
        Process p = s.p;
        boolean interrupted = false;
        try {
            if (!p.waitFor(limits.wallTime().toMillis(), TimeUnit.MILLISECONDS)) {
                s.stop.accept(Outcome.WALL_TIME_LIMIT, "wall time " + SandboxLimits.seconds(limits.wallTime()));
            }
        } catch (InterruptedException e) {
            interrupted = true;
            s.stop.accept(Outcome.SANDBOX_ERROR, null);
        }
        waitUninterruptibly(p);
        Duration wall = Duration.ofNanos(System.nanoTime() - s.t0);
        s.diskWatch.cancel(false);
        if (s.groupWatch != null) {
            s.groupWatch.cancel(false);
        }
        if (group != null) {
            group.kill(); // whatever the program left running (the PID namespace is gone; this covers isolation none)
        }
        if (uid >= 0 && settings.isolation() == Isolation.NONE) {
            // without a PID namespace a daemon can outlive the run and hold the pipes open; with one it cannot
            HostProcesses.killAll(uid);
        }
        if (settings.isolation() == Isolation.POD && !HostProcesses.killGroup(p.pid())) {
            // the run's session: whatever it started (daemons included, unless they left the session) dies with it
            LOG.log(System.Logger.Level.ERROR, "processes of run group " + p.pid() + " survive SIGKILL");
        }
        for (Future<?> f : s.tasks) {
            try {
                f.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "sandbox output still open 5 s after the run ended: " + e);
                f.cancel(true);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int exit = p.exitValue();
        String stdout = s.out.text();
        String stderr = s.err.text();
        boolean truncated = s.out.truncated() || s.err.truncated();
        Limit limit = s.killed.get();
        if (limit != null && limit.outcome() == Outcome.SANDBOX_ERROR) {
            return new ExecutionResult(Outcome.SANDBOX_ERROR, exit, stdout, stderr + "\n[sandbox] interrupted",
                    truncated, wall, null);
        }
        if (limit == null && group != null) {
            // a process the kernel killed for the sandbox's memory is the limit, even when the program went on to exit
            // 0 (a parent that outlived its killed workers)
            if (group.oomKills() > 0) {
                limit = new Limit(Outcome.MEMORY_LIMIT, memoryText(limits));
            } else if (exit != 0 && group.forksRefused() > 0) {
                limit = new Limit(Outcome.PROCESS_LIMIT, "processes " + limits.maxProcesses()
                        + " (threads included, the whole sandbox)");
            }
        }
        if (limit == null) {
            limit = classify(exit, stderr, limits);
        }
        if (limit != null && limit.outcome() == Outcome.DISK_LIMIT && s.killed.get() != null) {
            List<String> removed = Workspaces.trim(ws, limits.maxWorkspaceBytes(), limits.maxWorkspaceEntries(),
                    s.touchedSince);
            if (!removed.isEmpty()) {
                limit = new Limit(limit.outcome(), limit.text() + "; removed files this run wrote: "
                        + String.join(", ", removed));
            }
        }
        Outcome outcome = limit != null ? limit.outcome() : exit == 0 ? Outcome.SUCCESS : Outcome.ERROR;
        return new ExecutionResult(outcome, exit, stdout, stderr, truncated, wall,
                limit == null ? null : limit.text());
    }

    private String memoryText(SandboxLimits limits) {
        return "memory " + SandboxLimits.bytes(limits.memoryBytes()) + " (the whole sandbox: every process, /tmp and "
                + "/dev/shm together)";
    }

    /** Maps what the dead process left (exit status, the end of stderr) to the limit it hit, or null. */
    private Limit classify(int exit, String stderr, SandboxLimits limits) {
        if (exit == 0) {
            return null;
        }
        String head = stderr.length() > 200 ? stderr.substring(0, 200) : stderr;
        if (head.startsWith("bwrap: ") || head.startsWith("prlimit: ") || head.startsWith("setpriv: ")
                || head.startsWith(WRAPPER_NAME + ": ")) {
            return new Limit(Outcome.SANDBOX_ERROR, null);
        }
        if (exit == 128 + SIGXCPU) {
            return new Limit(Outcome.CPU_TIME_LIMIT, "CPU time " + SandboxLimits.seconds(limits.cpuTime()));
        }
        if (exit == 128 + SIGXFSZ) {
            return new Limit(Outcome.FILE_SIZE_LIMIT, "file size " + SandboxLimits.bytes(limits.maxFileBytes()));
        }
        String tail = stderr.length() > 4000 ? stderr.substring(stderr.length() - 4000) : stderr;
        if (containsAny(tail, "MemoryError", "Cannot allocate memory", "Unable to allocate", "bad_alloc",
                "out of memory", "Out of memory", "[Errno 12]")) {
            return new Limit(Outcome.MEMORY_LIMIT, "memory " + SandboxLimits.bytes(limits.memoryBytes())
                    + " (address space per process)");
        }
        if (containsAny(tail, "BlockingIOError", "Resource temporarily unavailable", "can't start new thread",
                "pthread_create", "[Errno 11]")) {
            return new Limit(Outcome.PROCESS_LIMIT, "processes " + limits.maxProcesses() + " (threads included)");
        }
        if (containsAny(tail, "File too large", "[Errno 27]")) {
            return new Limit(Outcome.FILE_SIZE_LIMIT, "file size " + SandboxLimits.bytes(limits.maxFileBytes()));
        }
        if (containsAny(tail, "No space left on device", "[Errno 28]", "Disk quota exceeded")) {
            return new Limit(Outcome.DISK_LIMIT, "disk full (private /tmp holds "
                    + SandboxLimits.bytes(settings.tmpBytes()) + ", /dev/shm "
                    + SandboxLimits.bytes(settings.shmBytes())
                    + ")");
        }
        return null;
    }

    private static boolean containsAny(String s, String... needles) {
        for (String n : needles) {
            if (s.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** Kills the sandbox: every host-visible descendant, then the direct child (bwrap's --die-with-parent cascades). */
    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static void waitUninterruptibly(Process p) {
        boolean interrupted = false;
        while (true) {
            try {
                p.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                destroy(p);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- command line ------------------------------------------------------------------------------------------

    /**
     * The full command for one run as uid {@code uid} (-1: no uid switch): {@code prlimit} limits, {@code setpriv}
     * drops root, {@code bwrap} builds the sandbox and reads the code from stdin into {@value #CODE_PATH}.
     */
    public List<String> command(ExecutionRequest request, Path workspace, int uid) {
        return command(request, workspace, uid, null, false, null);
    }

    /**
     * The command with a first step, when there is a control group or a seccomp filter: a root shell that joins the
     * run's control groups (it moves itself: {@code echo 0 > tasks} on cgroup v1, {@code cgroup.procs} on v2; inherited
     * by everything the run starts) and opens the seccomp filter as fd 3 for bwrap's {@code --seccomp 3}, then execs
     * the rest. With {@code launcher} the interpreter
     * compiles the code before it runs it and reports a syntax problem distinctly ({@link #LAUNCHER}).
     */
    List<String> command(ExecutionRequest request, Path workspace, int uid, Cgroups.Run group, boolean launcher,
            Path codeDir) {
        SandboxLimits l = request.limits();
        List<String> cmd = new ArrayList<>();
        boolean seccomp = seccompFile != null && settings.isolation() == Isolation.BWRAP;
        if (group != null || seccomp) {
            cmd.addAll(List.of("/bin/sh", "-c", WRAPPER, WRAPPER_NAME));
            List<Path> procs = group == null ? List.of() : group.joinFiles();
            cmd.add(Integer.toString(procs.size()));
            procs.forEach(f -> cmd.add(f.toString()));
            cmd.add(seccomp ? seccompFile.toString() : "");
        }
        if (settings.isolation() == Isolation.POD) {
            cmd.add(setsid().toString()); // a new session and process group whose id is the run's pid
        }
        long cpu = Math.max(1, (l.cpuTime().toMillis() + 999) / 1000);
        int nproc = l.maxProcesses();
        if (!root) {
            // RLIMIT_NPROC counts every task of the uid, and here the sandbox shares the platform's uid
            nproc += HostProcesses.tasksOfUid(platformUid);
        }
        cmd.addAll(List.of(settings.prlimit().toString(),
                "--cpu=" + cpu + ":" + (cpu + 1), // SIGXCPU at the soft limit, SIGKILL one second later
                "--as=" + l.memoryBytes(),
                "--nproc=" + nproc,
                "--fsize=" + l.maxFileBytes(),
                "--core=0",
                "--"));
        if (uid >= 0) {
            cmd.addAll(List.of(settings.setpriv().toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "--no-new-privs", "--"));
        }
        if (settings.isolation() != Isolation.BWRAP) {
            cmd.addAll(launcher ? List.of(settings.python().toString(), "-c", LAUNCHER, "-")
                    : List.of(settings.python().toString(), "-"));
            cmd.addAll(request.extras().args());
            return cmd;
        }
        cmd.addAll(List.of(settings.bwrap().toString(),
                "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--hostname", "sandbox", "--clearenv"));
        if (disableUserns) {
            cmd.add("--disable-userns");
        }
        if (seccomp) {
            cmd.addAll(List.of("--seccomp", "3"));
        }
        environment("/workspace", request.publicData() == null ? "" : "/data", "/tmp")
                .forEach((k, v) -> cmd.addAll(List.of("--setenv", k, v)));
        request.extras().env().forEach((k, v) -> cmd.addAll(List.of("--setenv", k, v)));
        cmd.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32")) {
            Path p = Path.of("/" + top);
            if (Files.isSymbolicLink(p)) {
                try {
                    cmd.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), p.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } else if (Files.isDirectory(p)) {
                cmd.addAll(List.of("--ro-bind", p.toString(), p.toString()));
            }
        }
        List<String> etc = new ArrayList<>(ETC);
        try (var dir = Files.newDirectoryStream(Path.of("/etc"), "python3*")) {
            dir.forEach(p -> etc.add(p.getFileName().toString()));
        } catch (IOException e) {
            // no /etc/python3*: nothing to add
        }
        for (String e : etc) {
            Path p = Path.of("/etc", e);
            if (Files.exists(p)) {
                cmd.addAll(List.of("--ro-bind", p.toString(), p.toString()));
            }
        }
        for (Path p : settings.extraReadOnly()) {
            cmd.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(settings.shmBytes()), "--tmpfs", "/dev/shm",
                "--size", Long.toString(settings.tmpBytes()), "--tmpfs", "/tmp"));
        if (request.publicData() != null) {
            cmd.addAll(List.of("--ro-bind", request.publicData().toAbsolutePath().toString(), "/data"));
        }
        for (ExecutionRequest.Mount m : request.extras().mounts()) {
            cmd.addAll(List.of(m.writable() ? "--bind" : "--ro-bind", m.source().toString(), m.target()));
        }
        cmd.addAll(List.of("--bind", workspace.toString(), "/workspace"));
        if (codeDir == null) {
            cmd.addAll(List.of("--ro-bind-data", "0", CODE_PATH));
        } else {
            // a waiting sandbox: the code appears in this (read-only) folder later, then stdin closes
            cmd.addAll(List.of("--ro-bind", codeDir.toString(), CODE_PATH.substring(0, CODE_PATH.lastIndexOf('/'))));
        }
        cmd.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/",
                "--chdir", "/workspace",
                // stdin carried the code; the program gets /dev/null instead of a closed fd 0 (a waiting launcher
                // keeps stdin until the code is there and then puts /dev/null in its place itself)
                "/bin/sh", "-c", codeDir != null ? "l=$1; shift; exec \"$0\" -c \"$l\" --wait " + CODE_PATH + " \"$@\""
                        : launcher ? "l=$1; shift; exec \"$0\" -c \"$l\" " + CODE_PATH + " \"$@\" </dev/null"
                        : "exec \"$0\" " + CODE_PATH + " \"$@\" </dev/null", settings.python().toString()));
        if (launcher) {
            cmd.add(LAUNCHER);
        }
        cmd.addAll(request.extras().args());
        return cmd;
    }

    /** The complete environment of the code (an allow-list; nothing of the platform's environment leaks in). */
    Map<String, String> environment(String workspace, String data, String tmp) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", workspace);
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("TMPDIR", tmp);
        env.put("USER", "sandbox"); // getpass.getuser() without a passwd entry
        env.put("LOGNAME", "sandbox");
        env.put("MPLCONFIGDIR", tmp + "/matplotlib");
        env.put("MPLBACKEND", "Agg");
        env.put("PYTHONPATH", workspace); // helper modules the agent writes next to its data
        env.put("PYTHONUNBUFFERED", "1"); // output printed before a kill is not lost in a buffer
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        String threads = Integer.toString(settings.threads());
        env.put("OMP_NUM_THREADS", threads);
        env.put("OPENBLAS_NUM_THREADS", threads);
        env.put("MKL_NUM_THREADS", threads);
        env.put("MALLOC_ARENA_MAX", "4"); // each glibc arena reserves 64 MiB of the address-space limit
        env.put("DOJO_WORKSPACE", workspace);
        env.put("DOJO_DATA", data);
        return env;
    }

    // ---- syntax ------------------------------------------------------------------------------------------------

    @Override
    public Optional<SyntaxProblem> checkSyntax(String code) {
        List<String> cmd = new ArrayList<>(List.of(settings.prlimit().toString(), "--cpu=10:11",
                "--as=" + SandboxLimits.GIB, "--fsize=0", "--core=0", "--"));
        if (switchesUid()) {
            cmd.addAll(List.of(settings.setpriv().toString(), "--reuid=" + (settings.baseUid() - 1),
                    "--regid=" + (settings.baseUid() - 1), "--clear-groups", "--"));
        }
        cmd.addAll(List.of(settings.python().toString(), "-I", "-S", "-c", SYNTAX_SCRIPT));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("LANG", "C.UTF-8");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot check syntax: " + e.getMessage());
            return Optional.empty();
        }
        try {
            Future<?> writer = io.submit(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(code.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the checker died; its output says why
                }
            });
            CappedOutput out = new CappedOutput(p.getInputStream(), 1 << 20, () -> p.destroyForcibly());
            Future<?> reader = io.submit(out);
            if (!p.waitFor(SYNTAX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy(p);
                p.waitFor();
                return Optional.of(new SyntaxProblem(0, 0, "the code took longer than "
                        + SandboxLimits.seconds(SYNTAX_TIMEOUT) + " to compile", ""));
            }
            writer.get(5, TimeUnit.SECONDS);
            reader.get(5, TimeUnit.SECONDS);
            String[] f = out.text().strip().split(" ");
            if (f.length == 1 && f[0].equals("OK")) {
                return Optional.empty();
            }
            if (f.length >= 4 && f[0].equals("ERR")) {
                Base64.Decoder d = Base64.getDecoder();
                return Optional.of(new SyntaxProblem(Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        new String(d.decode(f[3]), StandardCharsets.UTF_8),
                        f.length > 4 ? new String(d.decode(f[4]), StandardCharsets.UTF_8) : ""));
            }
            if (out.text().contains("MemoryError")) {
                return Optional.of(new SyntaxProblem(0, 0, "MemoryError: the code is too large to compile", ""));
            }
            LOG.log(System.Logger.Level.WARNING, "syntax checker failed (exit " + p.exitValue() + "): " + out.text());
            return Optional.empty();
        } catch (InterruptedException e) {
            destroy(p);
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            destroy(p);
            LOG.log(System.Logger.Level.WARNING, "syntax checker failed: " + e);
            return Optional.empty();
        }
    }

    // ---- uids and threads --------------------------------------------------------------------------------------

    /** Runs switch to a sandbox uid when the platform is root, except in a pod (non-root there; the pod isolates). */
    private boolean switchesUid() {
        return root && settings.isolation() != Isolation.POD;
    }

    /** util-linux's setsid, next to prlimit. */
    private Path setsid() {
        return settings.prlimit().resolveSibling("setsid");
    }

    /**
     * The {@code preferred} uid when it is in the range and free (a workspace's own uid from its last run), otherwise
     * round robin over the range, so a uid is reused as late as possible.
     */
    private synchronized int acquireUid(int preferred) {
        int n = settings.uidCount();
        int p = preferred - settings.baseUid();
        if (p >= 0 && p < n && !busyUids.get(p)) {
            busyUids.set(p);
            return preferred;
        }
        for (int i = 0; i < n; i++) {
            int candidate = (nextUid + i) % n;
            if (!busyUids.get(candidate)) {
                busyUids.set(candidate);
                nextUid = (candidate + 1) % n;
                return settings.baseUid() + candidate;
            }
        }
        return -1;
    }

    private synchronized void releaseUid(int uid) {
        busyUids.clear(uid - settings.baseUid());
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        closed = true;
        for (Path ws : List.copyOf(warm.keySet())) {
            Waiting w = takeWarm(ws);
            if (w != null) {
                discard(w);
            }
        }
        io.shutdownNow();
        watcher.shutdownNow();
        synchronized (this) {
            if (codeRoot != null) {
                try {
                    Files.deleteIfExists(codeRoot);
                } catch (IOException e) {
                    // a folder a waiting sandbox still had: nothing in it is secret
                }
            }
        }
        if (seccompFile != null) {
            try {
                Files.deleteIfExists(seccompFile);
            } catch (IOException e) {
                // deleteOnExit removes it
            }
        }
    }

    @Override
    public String toString() {
        return "BwrapExecutor[" + settings.isolation().name().toLowerCase(Locale.ROOT) + ", python "
                + settings.python() + (switchesUid() ? ", uids " + settings.baseUid() + "+" : ", as uid " + platformUid) + "; "
                + containmentState() + "]";
    }
}
