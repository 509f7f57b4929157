package dev.mledojo.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The containment beyond namespaces and rlimits, with the real bubblewrap and the host's control groups: memory,
 * processes and CPU limited per sandbox (tmpfs included), no nested user namespaces, the seccomp filter loaded, and no
 * control group left after a run. Needs root (control groups, uid switch): fails under {@code DOJO_CI=true} otherwise.
 */
class ContainmentTest {

    static BwrapExecutor executor;

    static final SandboxLimits LIMITS = new SandboxLimits(Duration.ofSeconds(30), Duration.ofSeconds(10),
            512 * SandboxLimits.MIB, 64, 256 * SandboxLimits.MIB, 256 * SandboxLimits.MIB, (int) SandboxLimits.MIB);

    @TempDir
    Path tmp;
    SandboxFixture fx;

    @BeforeAll
    static void start() {
        SandboxFixture.requireTools();
        executor = new BwrapExecutor(SandboxSettings.defaults());
        if (!executor.hasCgroups()) {
            String why = "no control groups for the sandbox: " + executor.containmentState();
            if (SandboxFixture.ci()) {
                fail("DOJO_CI=true: " + why + " (CI runs as root on a host with cgroup v1 or v2)");
            }
            Assumptions.abort(why);
        }
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    @BeforeEach
    void layout() throws IOException {
        fx = new SandboxFixture(tmp);
    }

    @AfterEach
    void noRunGroupIsLeft() throws IOException {
        SandboxFixture.awaitNoSandboxProcess(executor.settings());
        String mine = "run-" + ProcessHandle.current().pid() + "-";
        Cgroups.Detection d = Cgroups.detect();
        for (Path parent : d.cgroups().orElseThrow().parents().values()) {
            try (Stream<Path> groups = Files.list(parent)) {
                assertThat(groups.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(mine)).toList())
                        .as("run groups left in " + parent).isEmpty();
            }
        }
    }

    private ExecutionResult run(String code, SandboxLimits limits) {
        return executor.run(fx.request(code, limits));
    }

    @Test
    void aRunGroupTheKernelRemovedHasNoProcessLeft() throws Exception {
        Cgroups.Run run = Cgroups.detect().cgroups().orElseThrow().open(256 * SandboxLimits.MIB, 16, 1);
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "for f; do echo 0 > \"$f\"; done; exec sleep 600", "sh"));
        run.joinFiles().forEach(f -> cmd.add(f.toString()));
        Process sleeper = new ProcessBuilder(cmd).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> run.pids().contains(sleeper.pid()));
            // the shell moved itself (writing 0) into every hierarchy, and the process it exec'd is there
            for (Path join : run.joinFiles()) {
                assertThat(Files.readString(join.resolveSibling("cgroup.procs")).lines().toList())
                        .as("processes of " + join.getParent()).contains(Long.toString(sleeper.pid()));
            }
            assertThat(run.provenEmpty()).isFalse();
            run.close();
            // the kernel removes a group only once none of its processes lives: the sleeper is dead, not merely killed
            assertThat(run.provenEmpty()).isTrue();
            assertThat(sleeper.waitFor()).as("exit status of the sleeper (SIGKILL)").isEqualTo(128 + 9);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void containmentIsReported() {
        assertThat(executor.containmentState()).startsWith("cgroups: cgroup v")
                .contains("seccomp: on").contains("nested user namespaces: disabled");
    }

    @Test
    void processesTogetherCannotExceedTheSandboxsMemory() {
        // each child stays far below the per-process address-space limit (512 MiB); together they do not fit
        ExecutionResult r = run("""
                import os, time
                kids = []
                for i in range(4):
                    pid = os.fork()
                    if pid == 0:
                        hoard = b'x' * (200 << 20)
                        time.sleep(20)
                        os._exit(0)
                    kids.append(pid)
                for pid in kids:
                    os.waitpid(pid, 0)
                print('all four held 200 MiB')
                """, LIMITS);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(r.limitHit()).isEqualTo("memory 512 MiB (the whole sandbox: every process, /tmp and /dev/shm "
                + "together)");
        assertThat(r.stdout()).doesNotContain("all four");
    }

    @Test
    void aParentThatOutlivesItsKilledWorkersStillHitTheMemoryLimit() {
        // the kernel kills one worker; the parent exits 0 at once, before or after the watcher's next look
        ExecutionResult r = run("""
                import os, time
                for i in range(2):
                    if os.fork() == 0:
                        hoard = b'x' * (300 << 20)
                        time.sleep(20)
                        os._exit(0)
                os.wait()
                print('a worker ended')
                """, LIMITS);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(r.limitHit()).startsWith("memory 512 MiB (the whole sandbox");
    }

    @Test
    void filesInTmpfsCountAgainstTheSandboxsMemory() {
        // 240 MiB in /tmp (a 256 MiB tmpfs) plus 300 MiB in the heap: each fits its own limit, not together
        ExecutionResult r = run("""
                import time
                with open('/tmp/fill.bin', 'wb') as f:
                    for i in range(240):
                        f.write(b'y' * (1 << 20))
                print('tmp filled', flush=True)
                hoard = b'x' * (300 << 20)
                print('heap filled', flush=True)
                time.sleep(20)
                """, LIMITS);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(r.stdout()).contains("tmp filled").doesNotContain("heap filled");
    }

    @Test
    void cpuTimeIsCountedForTheWholeSandbox() {
        // two workers of 1.5 s CPU each: under the 2 s limit one by one, over it together
        ExecutionResult r = run("""
                import os, time
                def spin():
                    while time.process_time() < 1.5:
                        pass
                pid = os.fork()
                spin()
                if pid == 0:
                    os._exit(0)
                os.waitpid(pid, 0)
                print('both finished')
                """, LIMITS.withCpuTime(Duration.ofSeconds(2)));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.CPU_TIME_LIMIT);
        assertThat(r.limitHit()).isEqualTo("CPU time 2 s (all processes of the sandbox together)");
        assertThat(r.stdout()).doesNotContain("both finished");
    }

    @Test
    void noNestedUserNamespaceNoMountNoTmpfsOutsideTheLimits() {
        ExecutionResult r = run("""
                import ctypes, os, subprocess
                libc = ctypes.CDLL(None, use_errno=True)
                CLONE_NEWUSER, CLONE_NEWNS = 0x10000000, 0x00020000
                print('unshare', libc.unshare(CLONE_NEWUSER | CLONE_NEWNS), os.strerror(ctypes.get_errno()))
                print('mount', libc.mount(b'none', b'/tmp', b'tmpfs', 0, None), os.strerror(ctypes.get_errno()))
                p = subprocess.run(['unshare', '-Urm', 'sh', '-c', 'mount -t tmpfs none /tmp && echo mounted'],
                                   capture_output=True, text=True)
                print('unshare(1)', p.returncode, p.stdout.strip())
                status = dict(l.split(':\\t', 1) for l in open('/proc/self/status').read().splitlines() if ':\\t' in l)
                print('seccomp', status['Seccomp'].strip(), 'nnp', status['NoNewPrivs'].strip())
                """, LIMITS);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).contains("unshare -1 Operation not permitted\n")
                .contains("mount -1 Operation not permitted\n")
                .contains("seccomp 2 nnp 1\n")
                .doesNotContain("mounted");
        assertThat(r.stdout()).containsPattern("unshare\\(1\\) [1-9]\\d* \n");
    }

    @Test
    void threadsProcessesAndPandasStillWork() {
        ExecutionResult r = run("""
                import concurrent.futures, multiprocessing, subprocess
                import pandas as pd
                from sklearn.linear_model import LogisticRegression
                with concurrent.futures.ThreadPoolExecutor(4) as ex:
                    print(sum(ex.map(lambda x: x * x, range(10))))
                with multiprocessing.Pool(2) as pool:
                    print(sum(pool.map(abs, [-1, -2, 3])))
                print(subprocess.run(['echo', 'child'], capture_output=True, text=True).stdout.strip())
                df = pd.read_csv('/data/train.csv')
                print(LogisticRegression().fit(df[['x']], df['y']).predict([[2.5]])[0])
                """, LIMITS.withMemoryBytes(SandboxLimits.GIB * 2));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).isEqualTo("285\n6\nchild\n1\n");
    }

    @Test
    void aForkBombStaysInsideItsGroupAndNothingSurvives() {
        ExecutionResult r = run("""
                import os
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
                """, LIMITS.withWallTime(Duration.ofSeconds(3)));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.WALL_TIME_LIMIT);
        assertThat(List.of(r.limitHit())).containsExactly("wall time 3 s");
    }
}
