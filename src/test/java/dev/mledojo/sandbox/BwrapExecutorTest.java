package dev.mledojo.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox doing its ordinary job with real bubblewrap and the real interpreter. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BwrapExecutorTest {

    static BwrapExecutor executor;

    @TempDir
    Path tmp;
    SandboxFixture fx;

    @BeforeAll
    static void start() {
        SandboxFixture.requireTools();
        executor = new BwrapExecutor(SandboxSettings.defaults());
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

    @Test
    void stdlibProgramWritesASubmissionThePlatformCanRead() throws IOException {
        Files.writeString(fx.workspace.resolve("notes.txt"), "from an earlier step\n");
        String code = """
                import csv, os
                rows = list(csv.DictReader(open('/data/test.csv')))
                with open('submission.csv', 'w', newline='') as f:
                    w = csv.writer(f)
                    w.writerow(['id', 'y'])
                    for r in rows:
                        w.writerow([r['id'], int(float(r['x']) > 1.5)])
                open('notes.txt', 'a').write('appended by the sandbox\\n')
                os.makedirs('out/deep', exist_ok=True)
                open('out/deep/private.txt', 'w').close()
                os.chmod('out/deep/private.txt', 0)
                print('cwd', os.getcwd(), 'uid', os.getuid())
                """;
        ExecutionResult r = executor.run(fx.request(code, SandboxLimits.defaults()));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.exitCode()).isZero();
        assertThat(r.limitHit()).isNull();
        assertThat(r.stdout()).startsWith("cwd /workspace uid ");
        assertThat(Files.readString(fx.workspace.resolve("submission.csv"))).isEqualTo("id,y\r\n5,0\r\n6,1\r\n");
        assertThat(Files.readString(fx.workspace.resolve("notes.txt")))
                .isEqualTo("from an earlier step\nappended by the sandbox\n");
        // everything is handed back to the platform, readable even where the code removed permissions
        int me = HostProcesses.currentUid();
        for (Path p : new Path[] {fx.workspace, fx.workspace.resolve("submission.csv"),
                fx.workspace.resolve("out/deep/private.txt")}) {
            assertThat(((Number) Files.getAttribute(p, "unix:uid")).intValue()).as(p.toString()).isEqualTo(me);
        }
        assertThat(Files.getPosixFilePermissions(fx.workspace.resolve("out/deep/private.txt")))
                .containsAll(PosixFilePermissions.fromString("rw-------"));
        if (SandboxFixture.runningAsRoot()) {
            int uid = Integer.parseInt(r.stdout().strip().replaceAll(".* uid ", ""));
            assertThat(uid).isBetween(executor.settings().baseUid(),
                    executor.settings().baseUid() + executor.settings().uidCount() - 1);
        }
    }

    @Test
    void pandasAndScikitLearnFitATinyModel() {
        String code = """
                import pandas as pd
                from sklearn.linear_model import LogisticRegression
                train = pd.read_csv('/data/train.csv')
                test = pd.read_csv('/data/test.csv')
                model = LogisticRegression().fit(train[['x']], train['y'])
                test['y'] = model.predict(test[['x']])
                test[['id', 'y']].to_csv('submission.csv', index=False)
                print(test['y'].tolist())
                """;
        ExecutionResult r = executor.run(fx.request(code, SandboxLimits.defaults()));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout().strip()).isEqualTo("[0, 1]");
        assertThat(fx.workspace.resolve("submission.csv")).hasContent("id,y\n5,0\n6,1");
    }

    @Test
    void anExceptionIsAnErrorWithTheTraceback() {
        ExecutionResult r = executor.run(fx.request("print('before')\n{}['missing']\n", SandboxLimits.defaults()));

        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.limitHit()).isNull();
        assertThat(r.stdout()).isEqualTo("before\n");
        assertThat(r.stderr()).contains("File \"" + BwrapExecutor.CODE_PATH + "\", line 2").contains("KeyError");
    }

    @Test
    void helperModulesInTheWorkspaceImport() throws IOException {
        Files.writeString(fx.workspace.resolve("helpers.py"), "def answer():\n    return 42\n");
        ExecutionResult r = executor.run(fx.request("import helpers\nprint(helpers.answer())\n",
                SandboxLimits.defaults()));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).isEqualTo("42\n");
    }

    @Test
    void syntaxCheckGivesLineAndColumnWithoutRunningTheCode() {
        String broken = "import os\nopen('ran.txt', 'w')\nif True\n    print('x')\n";

        assertThat(executor.checkSyntax(broken)).hasValueSatisfying(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(8);
            assertThat(p.message()).isEqualTo("expected ':'");
            assertThat(p.text()).isEqualTo("if True");
        });
        assertThat(executor.checkSyntax("x = (1,\n     2\n")).hasValueSatisfying(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("never closed");
        });
        assertThat(executor.checkSyntax("print('héllo ✓')\n")).isEmpty();
        assertThat(executor.checkSyntax("x = '\u0000'")).isPresent(); // a NUL byte in the source
        assertThat(fx.workspace.resolve("ran.txt")).doesNotExist();
        assertThat(tmp.resolve("ran.txt")).doesNotExist();
    }

    @Test
    void missingBwrapRefusesWithAClearMessage() throws IOException {
        try (BwrapExecutor noBwrap = new BwrapExecutor(SandboxSettings.defaults()
                .withBwrap(tmp.resolve("no-such-dir/bwrap")))) {
            ExecutionResult r = noBwrap.run(fx.request("open('ran.txt', 'w').write('ran')\n",
                    SandboxLimits.defaults()));

            assertThat(r.outcome()).isEqualTo(Outcome.SANDBOX_ERROR);
            assertThat(r.stderr()).contains("bubblewrap is not installed").contains("no-such-dir/bwrap")
                    .contains("dojo.sandbox.isolation=none");
            assertThat(noBwrap.unavailable()).isPresent();
            assertThat(fx.workspace.resolve("ran.txt")).doesNotExist();
        }
    }

    @Test
    void isolationNoneRunsAPlainSubprocessWithRlimits() {
        try (BwrapExecutor none = new BwrapExecutor(SandboxSettings.defaults()
                .withBwrap(tmp.resolve("no-such-dir/bwrap")).withIsolation(Isolation.NONE))) {
            ExecutionResult ok = none.run(fx.request("import os\nopen('ran.txt', 'w').write(os.environ['DOJO_DATA'])\n",
                    SandboxLimits.defaults()));
            ExecutionResult loop = none.run(fx.request("while True: pass\n",
                    SandboxLimits.defaults().withCpuTime(Duration.ofSeconds(1)).withWallTime(Duration.ofSeconds(20))));

            assertThat(ok.outcome()).as(ok.stderr()).isEqualTo(Outcome.SUCCESS);
            assertThat(fx.workspace.resolve("ran.txt")).hasContent(fx.publicDir.toString());
            assertThat(loop.outcome()).isEqualTo(Outcome.CPU_TIME_LIMIT);
            // the process's RLIMIT_CPU and the group's CPU-time watch (cgroups) race for the same second: either names it
            assertThat(loop.limitHit()).isIn("CPU time 1 s", "CPU time 1 s (all processes of the sandbox together)");
        }
    }

    @Test
    void aWorkspaceTheSandboxUserCannotReachIsRefused() throws IOException {
        assumeTrue(SandboxFixture.runningAsRoot(), "only root switches to a sandbox uid");
        Path closed = Files.createDirectories(tmp.resolve("closed"));
        Path ws = Files.createDirectories(closed.resolve("ws"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));

        ExecutionResult r = executor.run(new ExecutionRequest("print(1)", ws, fx.publicDir, SandboxLimits.defaults()));

        assertThat(r.outcome()).isEqualTo(Outcome.SANDBOX_ERROR);
        assertThat(r.stderr()).contains(closed.toString()).contains("chmod o+x");
    }

    @Test
    void aWorkspaceAlreadyOverItsLimitIsNotRun() throws IOException {
        Files.write(fx.workspace.resolve("big.bin"), new byte[64 * 1024]);

        ExecutionResult r = executor.run(fx.request("open('ran.txt', 'w')",
                SandboxLimits.defaults().withMaxWorkspaceBytes(32 * 1024)));

        assertThat(r.outcome()).isEqualTo(Outcome.DISK_LIMIT);
        assertThat(r.limitHit()).isEqualTo("workspace 32 KiB");
        assertThat(fx.workspace.resolve("ran.txt")).doesNotExist();
    }

    @Test
    void concurrentRunsGetTheirOwnUidAndAWorkspaceServesOneRunAtATime() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other-workspace"));
        String waiter = """
                import os, time
                open('started', 'w').write(str(os.getuid()))
                while not os.path.exists('go'):
                    time.sleep(0.02)
                print(os.getuid())
                """;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ExecutionResult> first = pool.submit(() -> executor.run(fx.request(waiter,
                    SandboxLimits.defaults().withWallTime(Duration.ofSeconds(30)))));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Files.exists(fx.workspace.resolve("started")));

            ExecutionResult sameWorkspace = executor.run(fx.request("print(1)", SandboxLimits.defaults()));
            ExecutionResult otherWorkspace = executor.run(new ExecutionRequest(
                    "import os\nprint(os.getuid())", other, fx.publicDir, SandboxLimits.defaults()));
            Files.writeString(fx.workspace.resolve("go"), "");
            ExecutionResult firstResult = first.get(30, TimeUnit.SECONDS);

            assertThat(sameWorkspace.outcome()).isEqualTo(Outcome.SANDBOX_ERROR);
            assertThat(sameWorkspace.stderr()).contains("Another run is using the workspace");
            assertThat(otherWorkspace.outcome()).as(otherWorkspace.stderr()).isEqualTo(Outcome.SUCCESS);
            assertThat(firstResult.outcome()).as(firstResult.stderr()).isEqualTo(Outcome.SUCCESS);
            if (SandboxFixture.runningAsRoot()) {
                assertThat(otherWorkspace.stdout()).isNotEqualTo(firstResult.stdout());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void codeWithoutWorkspaceOrWithBadPathsIsASandboxError() {
        ExecutionResult r = executor.run(new ExecutionRequest("print(1)", tmp.resolve("nope"), null,
                SandboxLimits.defaults()));

        assertThat(r.outcome()).isEqualTo(Outcome.SANDBOX_ERROR);
        assertThat(r.stderr()).contains("does not exist");
    }

    @Test
    void withoutPublicDataNothingIsMountedAtData() {
        ExecutionResult r = executor.run(new ExecutionRequest("import os\nprint(os.path.exists('/data'))",
                fx.workspace, null, SandboxLimits.defaults()));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).isEqualTo("False\n");
    }
}
