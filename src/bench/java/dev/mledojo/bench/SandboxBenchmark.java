package dev.mledojo.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.mledojo.sandbox.BwrapExecutor;
import dev.mledojo.sandbox.Containment;
import dev.mledojo.sandbox.ExecutionRequest;
import dev.mledojo.sandbox.ExecutionResult;
import dev.mledojo.sandbox.Outcome;
import dev.mledojo.sandbox.SandboxLimits;
import dev.mledojo.sandbox.SandboxSettings;

/**
 * The cost of running a tiny stdlib program: {@code BwrapExecutor.run} (uid switch, chown and restore of the
 * workspace, prlimit, setpriv, unprivileged bwrap with all namespaces, output readers, disk watcher, /proc sweep)
 * against a bare {@code bwrap ... python3} started by ProcessBuilder, and against our exact command line without the
 * Java-side bookkeeping. Needs bubblewrap and /usr/bin/python3.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class SandboxBenchmark {

    static final String CODE = "import csv, json\nrows = list(csv.reader(open('/data/train.csv')))\n"
            + "print(json.dumps({'rows': len(rows), 'sum': sum(range(1000))}))\n";

    /** "on": control group per run, seccomp filter, --disable-userns (the default); "off": namespaces and rlimits only. */
    @Param({"on", "off"})
    public String containment;

    private Path dir;
    private Path workspace;
    private Path data;
    private BwrapExecutor executor;
    private ExecutionRequest request;
    private List<String> bare;
    private List<String> ours;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("sandbox-bench");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        workspace = Files.createDirectories(dir.resolve("workspace"));
        data = Files.createDirectories(dir.resolve("public"));
        Files.writeString(data.resolve("train.csv"), "id,x,y\n1,0.0,0\n2,1.0,1\n");
        executor = new BwrapExecutor(SandboxSettings.defaults(), "on".equals(containment) ? Containment.defaults()
                : new Containment(Containment.CgroupMode.OFF, false));
        executor.unavailable().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        request = new ExecutionRequest(CODE, workspace, data, SandboxLimits.defaults());
        bare = List.of("/usr/bin/bwrap", "--unshare-all", "--die-with-parent",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                "--symlink", "usr/bin", "/bin", "--proc", "/proc", "--dev", "/dev",
                "--ro-bind", data.toString(), "/data", "--bind", workspace.toString(), "/workspace",
                "--chdir", "/workspace", "/usr/bin/python3", "-c", CODE);
        boolean root = "root".equals(System.getProperty("user.name"));
        int uid = root ? SandboxSettings.DEFAULT_BASE_UID + 999 : -1;
        if (root) {
            Files.setAttribute(workspace, "unix:uid", uid);
            Files.setAttribute(workspace, "unix:gid", uid);
        }
        ours = executor.command(request, workspace, uid);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        executor.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public String executorRun() {
        ExecutionResult r = executor.run(request);
        if (r.outcome() != Outcome.SUCCESS) {
            throw new IllegalStateException(r.outcome() + ": " + r.stderr());
        }
        return r.stdout();
    }

    @Benchmark
    public String bareBwrap() throws Exception {
        return start(bare, null);
    }

    @Benchmark
    public String ourCommandLineOnly() throws Exception {
        return start(ours, CODE);
    }

    private static String start(List<String> command, String stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("exit " + p.exitValue());
        }
        return out;
    }
}
