package dev.mledojo.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor of an episode pod's runner ({@link Isolation#POD}): a child process in its own session with rlimits;
 * whatever the code leaves running is killed with its process group when the run ends, and the limits still hold.
 */
class PodIsolationTest {

    @TempDir
    Path tmp;
    SandboxFixture fx;
    BwrapExecutor executor;

    @BeforeEach
    void setUp() throws Exception {
        SandboxFixture.requireTools();
        fx = new SandboxFixture(tmp);
        executor = new BwrapExecutor(SandboxSettings.defaults().withIsolation(Isolation.POD));
    }

    @AfterEach
    void tearDown() {
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void aProcessLeftBehindDiesWithTheRunsGroupAndTheCodeRunsInTheWorkspace() throws Exception {
        String code = """
                import os, subprocess
                child = subprocess.Popen(['sleep', '600'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                print('group', os.getpgid(0), 'self', os.getpid(), 'child', child.pid)
                open('submission.csv', 'w').write('id,y\\n5,0\\n')
                print('data', sorted(os.listdir(os.environ['DOJO_DATA'])))
                """;
        ExecutionResult r = executor.run(fx.request(code, SandboxLimits.defaults()));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        Matcher m = Pattern.compile("group (\\d+) self (\\d+) child (\\d+)").matcher(r.stdout());
        assertThat(m.find()).as(r.stdout()).isTrue();
        assertThat(m.group(1)).as("the run leads its own process group").isEqualTo(m.group(2));
        long child = Long.parseLong(m.group(3));
        assertThat(running(child)).as("the sleep the code started is gone (or a zombie awaiting its reaper)").isFalse();
        assertThat(HostProcesses.pidsOfGroup(Long.parseLong(m.group(1)))).isEmpty();
        assertThat(r.stdout()).contains("data ['test.csv', 'train.csv']");
        assertThat(Files.readString(fx.workspace.resolve("submission.csv"))).startsWith("id,y");
    }

    @Test
    void oneRunCompilesTheCodeFromStdinAndReportsASyntaxErrorWithoutRunningIt() {
        CheckedRun broken = executor.checkAndRun(fx.request("open('ran.txt', 'w')\nif True\n", SandboxLimits.defaults()));
        CheckedRun fine = executor.checkAndRun(fx.request("""
                import sys
                print(sys.argv, __file__, sorted(k for k in globals() if not k.startswith('__')))
                {}['missing']
                """, SandboxLimits.defaults()));
        ExecutionResult plain = executor.run(fx.request("{}['missing']\n", SandboxLimits.defaults()));

        assertThat(broken.syntax()).isEqualTo(executor.checkSyntax("open('ran.txt', 'w')\nif True\n").orElseThrow());
        assertThat(fx.workspace.resolve("ran.txt")).doesNotExist();
        assertThat(fine.result().exitCode()).isEqualTo(1);
        assertThat(fine.result().stdout()).isEqualTo("['-'] <stdin> ['sys']\n");
        assertThat(fine.result().stderr()).startsWith("Traceback (most recent call last):\n  File \"<stdin>\", line 3")
                .doesNotContain("<string>");
        assertThat(plain.stderr()).startsWith("Traceback (most recent call last):\n  File \"<stdin>\", line 1");
    }

    /** Alive and not a zombie (a killed orphan stays a zombie until the host's init reaps it). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void theWallTimeLimitKillsTheWholeGroup() {
        SandboxLimits limits = SandboxLimits.defaults().withWallTime(Duration.ofSeconds(2));
        ExecutionResult r = executor.run(fx.request("""
                import subprocess, time
                subprocess.Popen(['sleep', '600'])
                time.sleep(600)
                """, limits));

        assertThat(r.outcome()).isEqualTo(Outcome.WALL_TIME_LIMIT);
        assertThat(r.limitHit()).isEqualTo("wall time 2 s");
    }

    @Test
    void theMemoryLimitHolds() {
        SandboxLimits limits = SandboxLimits.defaults().withMemoryBytes(256 * SandboxLimits.MIB);
        ExecutionResult r = executor.run(fx.request("x = bytearray(1024 * 1024 * 1024)\n", limits));

        assertThat(r.outcome()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(r.stderr()).contains("MemoryError");
    }
}
