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
        if (SandboxFixture.runningAsRoot()) {
            // the tree stays the run's uid's; the root is parked: root's, group = that uid, mode 0700 (no one else
            // reaches in)
            int uid = Integer.parseInt(r.stdout().strip().replaceAll(".* uid ", ""));
            assertThat(uid).isBetween(executor.settings().baseUid(),
                    executor.settings().baseUid() + executor.settings().uidCount() - 1);
            for (Path p : new Path[] {fx.workspace.resolve("submission.csv"), fx.workspace.resolve("out/deep/private.txt")}) {
                assertThat(((Number) Files.getAttribute(p, "unix:uid")).intValue()).as(p.toString()).isEqualTo(uid);
            }
            assertThat(((Number) Files.getAttribute(fx.workspace, "unix:uid")).intValue()).isZero();
            assertThat(((Number) Files.getAttribute(fx.workspace, "unix:gid")).intValue()).isEqualTo(uid);
            assertThat(Files.getPosixFilePermissions(fx.workspace)).isEqualTo(PosixFilePermissions.fromString("rwx------"));

            // the next run takes the same uid and writes nothing to what it does not touch (an inode bomb's files
            // would otherwise be re-owned twice per step)
            Object ctime = Files.getAttribute(fx.workspace.resolve("out/deep/private.txt"), "unix:ctime");
            ExecutionResult again = executor.run(fx.request("import os\nprint(os.getuid())", SandboxLimits.defaults()));
            assertThat(again.stdout()).isEqualTo(uid + "\n");
            assertThat(Files.getAttribute(fx.workspace.resolve("out/deep/private.txt"), "unix:ctime")).isEqualTo(ctime);
            assertThat(Files.readString(fx.workspace.resolve("notes.txt")))
                    .isEqualTo("from an earlier step\nappended by the sandbox\n");
        } else {
            int me = HostProcesses.currentUid();
            for (Path p : new Path[] {fx.workspace, fx.workspace.resolve("submission.csv")}) {
                assertThat(((Number) Files.getAttribute(p, "unix:uid")).intValue()).as(p.toString()).isEqualTo(me);
            }
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
    void oneRunReportsASyntaxErrorAsTheSeparateCheckDoesAndRunsNothing() {
        for (String broken : java.util.List.of(
                "import os\nopen('ran.txt', 'w')\nif True\n    print('x')\n",
                "open('ran.txt', 'w')\nx = (1,\n     2\n",
                "open('ran.txt', 'w')\nx = '\u0000'",
                "open('ran.txt', 'w')\ndef f():\n  return 1\n   return 2\n",
                "open('ran.txt', 'w')\nx = 'héllo ✓' +\n")) {
            SyntaxProblem separate = executor.checkSyntax(broken).orElseThrow();

            CheckedRun checked = executor.checkAndRun(fx.request(broken, SandboxLimits.defaults()));

            assertThat(checked.result()).as(broken).isNull();
            assertThat(checked.syntax()).as(broken).isEqualTo(separate);
            assertThat(fx.workspace.resolve("ran.txt")).as(broken).doesNotExist();
        }
        // an error of the compiler rather than the parser: the separate check compiled a nameless source and could not
        // quote the line; the one run compiles the file it runs and quotes it
        String outside = "open('ran.txt', 'w')\nreturn 'outside a function'\n";
        SyntaxProblem separate = executor.checkSyntax(outside).orElseThrow();
        CheckedRun returned = executor.checkAndRun(fx.request(outside, SandboxLimits.defaults()));
        assertThat(returned.syntax()).isEqualTo(new SyntaxProblem(separate.line(), separate.column(), separate.message(),
                "return 'outside a function'"));
        assertThat(fx.workspace.resolve("ran.txt")).doesNotExist();
        // a compiler warning printed before the error (the separate check could not read its own answer then)
        CheckedRun warned = executor.checkAndRun(fx.request("assert (1, 'always true')\nopen('ran.txt', 'w')\nreturn 2\n",
                SandboxLimits.defaults()));
        assertThat(warned.syntax()).isEqualTo(new SyntaxProblem(3, 1, "'return' outside function", "return 2"));
        assertThat(fx.workspace.resolve("ran.txt")).doesNotExist();
    }

    @Test
    void oneRunRunsCompilingCodeAsTheMainScriptWouldRun() {
        String code = """
                import sys
                print(sys.argv, sys.path[0], __file__, __name__, sorted(k for k in globals() if not k.startswith('__')))
                def fail():
                    return {}['missing']
                if __name__ == '__main__':
                    fail()
                """;
        ExecutionResult plain = executor.run(fx.request(code, SandboxLimits.defaults()));

        CheckedRun checked = executor.checkAndRun(fx.request(code, SandboxLimits.defaults()));

        assertThat(checked.syntax()).isNull();
        ExecutionResult r = checked.result();
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEqualTo("['/sandbox/main.py'] /sandbox /sandbox/main.py __main__ ['sys']\n")
                .isEqualTo(plain.stdout());
        assertThat(r.stderr()).as("the same traceback, without a frame of the launcher").isEqualTo(plain.stderr())
                .startsWith("Traceback (most recent call last):\n  File \"/sandbox/main.py\", line 6, in <module>")
                .contains("KeyError: 'missing'").doesNotContain("<string>");
    }

    @Test
    void oneRunKeepsTheExitStatusAndTheOutputOfCodeThatCompiles() {
        CheckedRun checked = executor.checkAndRun(fx.request("""
                import sys
                print('out'); print('err', file=sys.stderr)
                sys.exit(3)
                """, SandboxLimits.defaults()));

        assertThat(checked.syntax()).isNull();
        assertThat(checked.result().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(checked.result().exitCode()).isEqualTo(3);
        assertThat(checked.result().stdout()).isEqualTo("out\n");
        assertThat(checked.result().stderr()).isEqualTo("err\n");
    }

    @Test
    void aRunRefusedBeforeItStartsStillReportsASyntaxErrorFirst() throws IOException {
        Files.writeString(fx.workspace.resolve("a.txt"), "a");
        Files.writeString(fx.workspace.resolve("b.txt"), "b");
        SandboxLimits d = SandboxLimits.defaults();
        SandboxLimits oneEntry = new SandboxLimits(d.wallTime(), d.cpuTime(), d.memoryBytes(), d.maxProcesses(),
                d.maxFileBytes(), d.maxWorkspaceBytes(), d.maxOutputBytes(), 1);

        CheckedRun broken = executor.checkAndRun(fx.request("if True\n", oneEntry));
        CheckedRun fine = executor.checkAndRun(fx.request("print('never runs')\n", oneEntry));

        assertThat(broken.syntax()).isEqualTo(executor.checkSyntax("if True\n").orElseThrow());
        assertThat(fine.result().outcome()).isEqualTo(Outcome.DISK_LIMIT);
        assertThat(fine.result().stdout()).isEmpty();
    }

    @Test
    void onlyTheLaunchersOwnLastLineIsASyntaxReport() {
        ExecutionResult forged = new ExecutionResult(Outcome.ERROR, BwrapExecutor.SYNTAX_EXIT, "",
                BwrapExecutor.SYNTAX_MARKER + "1 2 zz 00\n", false, Duration.ofMillis(5), null);
        ExecutionResult reported = new ExecutionResult(Outcome.ERROR, BwrapExecutor.SYNTAX_EXIT, "",
                "a warning\n" + BwrapExecutor.SYNTAX_MARKER + "3 8 6f6b 6966\n", false, Duration.ofMillis(5), null);
        ExecutionResult otherExit = new ExecutionResult(Outcome.ERROR, 1, "",
                BwrapExecutor.SYNTAX_MARKER + "3 8 6f6b 6966\n", false, Duration.ofMillis(5), null);

        assertThat(BwrapExecutor.syntaxReport(forged)).as("not hex").isEmpty();
        assertThat(BwrapExecutor.syntaxReport(otherExit)).isEmpty();
        assertThat(BwrapExecutor.syntaxReport(reported)).contains(new SyntaxProblem(3, 8, "ok", "if"));
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
