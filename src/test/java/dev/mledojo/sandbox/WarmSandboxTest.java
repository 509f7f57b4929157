package dev.mledojo.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandboxes started ahead of a workspace's next run ({@link Warmup}): the next run is served by the waiting sandbox,
 * sees what a freshly started one sees (its code at {@value BwrapExecutor#CODE_PATH}, read-only, stdin empty, the
 * traceback's source line), is held to the same limits, and nothing of the run before lives on in it; a different
 * request, {@link BwrapExecutor#forget}, the idle time and closing the executor stop the waiting one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WarmSandboxTest {

    static final SandboxLimits LIMITS = new SandboxLimits(Duration.ofSeconds(20), Duration.ofSeconds(10),
            SandboxLimits.GIB, 64, 64 * SandboxLimits.MIB, 128 * SandboxLimits.MIB, (int) SandboxLimits.MIB);

    @TempDir
    Path tmp;
    SandboxFixture fx;
    BwrapExecutor executor;

    @BeforeEach
    void start() throws IOException {
        SandboxFixture.requireTools();
        if (!SandboxFixture.runningAsRoot()) {
            if (SandboxFixture.ci()) {
                fail("DOJO_CI=true but the tests do not run as root: sandboxes wait only with sandbox uids");
            }
            Assumptions.abort("sandboxes wait only when the platform runs as root (sandbox uids)");
        }
        fx = new SandboxFixture(tmp);
        executor = new BwrapExecutor(SandboxSettings.defaults(), Containment.defaults(),
                new Warmup(4, Duration.ofMinutes(5), Duration.ZERO));
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.close();
            SandboxFixture.awaitNoSandboxProcess(executor.settings());
        }
    }

    private ExecutionResult run(String code) {
        return run(code, LIMITS);
    }

    private ExecutionResult run(String code, SandboxLimits limits) {
        CheckedRun r = executor.checkAndRun(fx.request(code, limits));
        assertThat(r.syntax()).as("syntax problem").isNull();
        return r.result();
    }

    /**
     * Waits until the sandbox for the next run has started (a run that comes earlier starts its own) and runs as its
     * sandbox uid: its process starts as root ({@code prlimit}, then {@code setpriv}) and drops to the uid a moment
     * after the executor counts it ready.
     */
    private void awaitWaiting() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    assertThat(executor.ready()).isEqualTo(1);
                    assertThat(SandboxFixture.sandboxProcesses(executor.settings())).isNotEmpty();
                });
    }

    /** A run after the waiting sandbox has started. */
    private ExecutionResult next(String code) {
        return next(code, LIMITS);
    }

    private ExecutionResult next(String code, SandboxLimits limits) {
        awaitWaiting();
        return run(code, limits);
    }

    @Test
    void theNextRunIsServedByTheWaitingSandboxAndSeesWhatAFreshOneSees() {
        ExecutionResult first = run("open('/workspace/note.txt', 'w').write('from the first run')\nprint('first')");
        assertThat(first.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(first.stdout()).isEqualTo("first\n");
        assertThat(executor.warmRuns()).isZero();

        String code = String.join("\n",
                "import os, sys",
                "print(sys.stdin.read() == '', os.fstat(0).st_rdev == os.stat('/dev/null').st_rdev)",
                "print(__file__, sys.argv, sys.path[0])",
                "print(open('/sandbox/main.py').read().splitlines()[0])",
                "try:",
                "    open('/sandbox/x', 'w')",
                "except OSError as e:",
                "    print('read-only', e.errno)",
                "print(open('/workspace/note.txt').read())",
                "print(os.getuid() >= 61000 or os.getuid(), sorted(os.listdir('/sandbox')))",
                "");
        ExecutionResult second = next(code);
        assertThat(executor.warmRuns()).isEqualTo(1);
        assertThat(second.outcome()).as(second.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(second.stdout()).isEqualTo("True True\n"
                + "/sandbox/main.py ['/sandbox/main.py'] /sandbox\n"
                + "import os, sys\n"
                + "read-only 30\n"
                + "from the first run\n"
                + "True ['main.py']\n");

        ExecutionResult failing = next("x = 1\nraise ValueError('boom')\n");
        assertThat(executor.warmRuns()).isEqualTo(2);
        assertThat(failing.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.stderr()).contains("File \"/sandbox/main.py\", line 2, in <module>",
                "raise ValueError('boom')", "ValueError: boom").doesNotContain("_dojo");

        awaitWaiting();
        CheckedRun syntax = executor.checkAndRun(fx.request("x = (\n", LIMITS));
        assertThat(executor.warmRuns()).isEqualTo(3);
        assertThat(syntax.syntax()).isNotNull();
        assertThat(syntax.syntax().line()).isEqualTo(1);
    }

    @Test
    void aWaitingSandboxKeepsTheLimitsAndNothingOfTheRunBefore() {
        ExecutionResult daemon = run(String.join("\n",
                "import subprocess",
                "subprocess.Popen(['sleep', '300'], start_new_session=True)",
                "print('started')", ""));
        assertThat(daemon.stdout()).isEqualTo("started\n");

        ExecutionResult alone = next(String.join("\n",
                "import os",
                "names = []",
                "for p in os.listdir('/proc'):",
                "    if p.isdigit():",
                "        try:",
                "            names.append(open('/proc/%s/cmdline' % p, 'rb').read().split(b'\\0')[0].decode())",
                "        except OSError:",
                "            pass",
                "print(any('sleep' in n for n in names))", ""));
        assertThat(executor.warmRuns()).isEqualTo(1);
        assertThat(alone.stdout()).isEqualTo("False\n");

        ExecutionResult sleeper = next("import time\ntime.sleep(60)\n", new SandboxLimits(Duration.ofSeconds(1),
                LIMITS.cpuTime(), LIMITS.memoryBytes(), LIMITS.maxProcesses(), LIMITS.maxFileBytes(),
                LIMITS.maxWorkspaceBytes(), LIMITS.maxOutputBytes()));
        assertThat(executor.warmRuns()).as("the wall time is no part of the match").isEqualTo(2);
        assertThat(sleeper.outcome()).isEqualTo(Outcome.WALL_TIME_LIMIT);
        assertThat(sleeper.limitHit()).isEqualTo("wall time 1 s");

        ExecutionResult bomb = next("b = bytearray(2 * 1024 ** 3)\nprint('allocated')\n");
        assertThat(executor.warmRuns()).isEqualTo(3);
        assertThat(bomb.outcome()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(bomb.stdout()).doesNotContain("allocated");
    }

    @Test
    void aDifferentRequestStartsItsOwnSandbox() {
        run("print(1)");
        SandboxLimits more = new SandboxLimits(LIMITS.wallTime(), LIMITS.cpuTime(), 2 * SandboxLimits.GIB,
                LIMITS.maxProcesses(), LIMITS.maxFileBytes(), LIMITS.maxWorkspaceBytes(), LIMITS.maxOutputBytes());
        ExecutionResult other = next("print(2)", more);
        assertThat(other.stdout()).isEqualTo("2\n");
        assertThat(executor.warmRuns()).as("other limits: the waiting sandbox was stopped, a new one ran").isZero();
        ExecutionResult again = next("print(3)", more);
        assertThat(again.stdout()).isEqualTo("3\n");
        assertThat(executor.warmRuns()).isEqualTo(1);
        // a plain run (no launcher) never takes a waiting sandbox, and stops it
        awaitWaiting();
        ExecutionResult plain = executor.run(fx.request("print(4)", more));
        assertThat(plain.stdout()).isEqualTo("4\n");
        assertThat(executor.warmRuns()).isEqualTo(1);
        assertThat(executor.waiting()).isZero();
    }

    @Test
    void lessCpuTimeIsServedAndHeldByTheControlGroupMoreIsNot() {
        Assumptions.assumeTrue(Cgroups.detect().cgroups().isPresent() || SandboxFixture.ci(), "no control groups");
        run("print(1)", cpu(3));
        ExecutionResult busy = next("while True:\n    pass\n", cpu(1));
        assertThat(executor.warmRuns()).as("an episode's CPU time shrinks with its remaining wall time").isEqualTo(1);
        assertThat(busy.outcome()).isEqualTo(Outcome.CPU_TIME_LIMIT);
        assertThat(busy.limitHit()).isEqualTo("CPU time 1 s (all processes of the sandbox together)");
        ExecutionResult more = next("print(2)", cpu(2));
        assertThat(more.stdout()).isEqualTo("2\n");
        assertThat(executor.warmRuns()).as("the waiting sandbox's rlimit was for 1 s").isEqualTo(1);
    }

    private static SandboxLimits cpu(int seconds) {
        return new SandboxLimits(LIMITS.wallTime(), Duration.ofSeconds(seconds), LIMITS.memoryBytes(),
                LIMITS.maxProcesses(), LIMITS.maxFileBytes(), LIMITS.maxWorkspaceBytes(), LIMITS.maxOutputBytes());
    }

    @Test
    void noSandboxWaitsForAWorkspaceThatCouldRunCodeAtInterpreterStart() throws IOException {
        for (String hook : new String[] {"sitecustomize.py", "encodings", ".local"}) {
            String code = "import os\n" + (hook.endsWith(".py")
                    ? "open('/workspace/" + hook + "', 'w').write(\"open('/workspace/started', 'a').write('x')\\n\")\n"
                    : "os.makedirs('/workspace/" + hook + "', exist_ok=True)\n");
            run(code);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> executor.waiting() == 0);
            assertThat(SandboxFixture.sandboxProcesses(executor.settings())).as(hook).isEmpty();
            assertThat(fx.workspace.resolve("started")).as("nothing ran between the runs").doesNotExist();
            run("print(2)");
            assertThat(executor.warmRuns()).as(hook).isZero();
            executor.forget(fx.workspace);
            Files.deleteIfExists(fx.workspace.resolve("started"));
            run("import shutil, os\nfor n in os.listdir('/workspace'):\n"
                    + "    p = os.path.join('/workspace', n)\n"
                    + "    shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)\n");
            executor.forget(fx.workspace);
        }
        run("print(3)");
        assertThat(next("print(4)").stdout()).isEqualTo("4\n");
        assertThat(executor.warmRuns()).as("a clean workspace again").isEqualTo(1);
    }

    @Test
    void forgetStopsTheWaitingSandboxAndGivesTheWorkspaceBack() throws IOException {
        run("print(1)");
        awaitWaiting();
        assertThat(executor.waiting()).isEqualTo(1);
        executor.forget(fx.workspace);
        assertThat(executor.waiting()).isZero();
        SandboxFixture.awaitNoSandboxProcess(executor.settings());
        assertThat(Files.getOwner(fx.workspace).getName()).isEqualTo("root");
        ExecutionResult next = run("print(2)");
        assertThat(next.stdout()).isEqualTo("2\n");
        assertThat(executor.warmRuns()).isZero();
    }

    private void restart(Warmup warmup) {
        executor.close();
        executor = new BwrapExecutor(SandboxSettings.defaults(), Containment.defaults(), warmup);
    }

    @Test
    void anUnusedSandboxStopsAfterItsIdleTime() {
        restart(new Warmup(4, Duration.ofMillis(300), Duration.ZERO));
        run("print(1)");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> executor.warmStarts() == 1);
        SandboxFixture.awaitNoSandboxProcess(executor.settings());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> executor.waiting() == 0);
        ExecutionResult next = run("print(2)");
        assertThat(next.stdout()).isEqualTo("2\n");
        assertThat(executor.warmRuns()).isZero();
    }

    @Test
    void aRunThatComesBeforeTheWaitingSandboxStartedCallsItOff() {
        restart(new Warmup(4, Duration.ofMinutes(5), Duration.ofMinutes(10)));
        run("print(1)");
        assertThat(executor.waiting()).as("one to start in 10 minutes").isEqualTo(1);
        ExecutionResult next = run("print(2)");
        assertThat(next.stdout()).isEqualTo("2\n");
        assertThat(executor.warmRuns()).isZero();
        assertThat(executor.waiting()).as("the next one, again in 10 minutes").isEqualTo(1);
        assertThat(SandboxFixture.sandboxProcesses(executor.settings())).as("none started").isEmpty();
        assertThat(executor.warmStarts()).isZero();
        assertThat(executor.calledOff()).as("called off, not waited for").isEqualTo(1);
    }

    @Test
    void closingTheExecutorStopsWaitingSandboxes() {
        run("print(1)");
        awaitWaiting();
        executor.close();
        assertThat(executor.waiting()).isZero();
        SandboxFixture.awaitNoSandboxProcess(executor.settings());
        executor = null;
    }
}
