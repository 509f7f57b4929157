package dev.mledojo.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hostile program per test, run in the real bubblewrap sandbox: each asserts that the host is untouched and that
 * the result names the limit that stopped the program.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileProgramTest {

    static BwrapExecutor executor;
    /** Small limits so that bombs end in seconds. */
    static final SandboxLimits SMALL = new SandboxLimits(Duration.ofSeconds(20), Duration.ofSeconds(10),
            SandboxLimits.GIB, 64, 64 * SandboxLimits.MIB, 128 * SandboxLimits.MIB, (int) SandboxLimits.MIB);

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

    @AfterEach
    void nothingOfTheSandboxSurvives() throws IOException {
        SandboxFixture.awaitNoSandboxProcess(executor.settings());
        assertThat(Files.readString(fx.answers)).contains(fx.marker);
    }

    private ExecutionResult run(String code) {
        return run(code, SMALL);
    }

    private ExecutionResult run(String code, SandboxLimits limits) {
        // the program spells the marker backwards so that its own source does not contain it
        String reversed = new StringBuilder(fx.marker).reverse().toString();
        return executor.run(fx.request(code.replace("b'@MARK@'", "'" + reversed + "'[::-1].encode()")
                .replace("@PRIVDIR@", fx.privateDir.toString()).replace("@PRIV@", fx.answers.toString())
                .replace("@ROOT@", fx.root.toString())
                .replace("@JVM@", Long.toString(ProcessHandle.current().pid())), limits));
    }

    @Test
    void readingThePrivateAnswersByAbsolutePathFails() {
        ExecutionResult r = run("""
                import os, stat
                for p in ['@PRIV@', '@PRIVDIR@', '@ROOT@', '/workspace/../private/answers.csv', '/data/../private']:
                    try:
                        print(p, 'OPENED', open(p).read() if os.path.isfile(p) else os.listdir(p))
                    except Exception as e:
                        print(p, type(e).__name__)
                # and everything this program can see outside /proc, /sys and the system files
                hits = []
                for top in [d for d in os.listdir('/') if d not in ('proc', 'usr') and not os.path.islink('/' + d)]:
                    for dirpath, dirs, files in os.walk('/' + top):
                        for f in files:
                            try:
                                path = os.path.join(dirpath, f)
                                if stat.S_ISREG(os.lstat(path).st_mode) and b'@MARK@' in open(path, 'rb').read():
                                    hits.append(os.path.join(dirpath, f))
                            except Exception:
                                pass
                print('HITS', hits)
                print('ROOT', sorted(os.listdir('/')))
                """);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).doesNotContain(fx.marker).doesNotContain("OPENED")
                .contains(fx.answers + " FileNotFoundError").contains("HITS []")
                .contains("ROOT ['bin', 'data', 'dev', 'etc', 'lib', 'lib64', 'proc', 'sandbox', 'sbin', 'tmp', "
                        + "'usr', 'workspace']");
    }

    @Test
    void procShowsNothingPrivateAndNoHostProcess() {
        ExecutionResult r = run("""
                import glob, os
                found = []
                def check(p):
                    try:
                        data = open(p, 'rb').read()
                    except Exception as e:
                        print(p, type(e).__name__)
                        return b''
                    if b'@MARK@' in data or b'@PRIVDIR@' in data:
                        found.append(p)
                    return data
                for p in ['/proc/1/root@PRIV@', '/proc/self/root@PRIV@', '/proc/@JVM@/environ',
                          '/proc/@JVM@/root@PRIV@',
                          '/proc/self/mounts', '/proc/self/mountinfo', '/proc/1/mountinfo', '/proc/1/cmdline']:
                    check(p)
                pids = sorted(int(d.split('/')[-1]) for d in glob.glob('/proc/[0-9]*'))
                for pid in pids:
                    for f in ('environ', 'cmdline', 'cwd', 'root'):
                        p = '/proc/%d/%s' % (pid, f)
                        if f in ('cwd', 'root'):
                            try:
                                print(p, '->', os.readlink(p))
                            except Exception as e:
                                print(p, type(e).__name__)
                        else:
                            check(p)
                print('PIDS', pids)
                print('FOUND', found)
                print('JVM VISIBLE', os.path.exists('/proc/@JVM@'))
                """);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).doesNotContain(fx.marker).contains("FOUND []").contains("JVM VISIBLE False")
                .contains("/proc/1/root" + fx.answers + " FileNotFoundError");
        String pids = r.stdout().lines().filter(l -> l.startsWith("PIDS")).findFirst().orElseThrow();
        // only bubblewrap's init, the shell turned python and nothing of the host
        assertThat(pids).matches("PIDS \\[1, \\d\\]");
    }

    @Test
    void theEnvironmentIsExactlyTheAllowList() {
        ExecutionResult r = run("""
                import os
                print('\\n'.join(sorted(os.environ)))
                print('---')
                print(open('/proc/1/environ', 'rb').read().replace(b'\\0', b'\\n').decode())
                """);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        String[] parts = r.stdout().split("---\n", 2);
        Set<String> keys = new TreeSet<>(parts[0].lines().collect(Collectors.toList()));
        Set<String> allowed = new TreeSet<>(executor.environment("/workspace", "/data", "/tmp").keySet());
        allowed.add("PWD"); // set by bwrap --chdir
        assertThat(keys).isEqualTo(allowed);
        // nothing of the platform's own environment, neither in the code's nor in bubblewrap init's
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                assertThat(r.stdout()).as(e.getKey()).doesNotContain(e.getKey() + "=");
            }
        }
    }

    @Test
    void noConnectionLeavesTheSandbox() throws IOException {
        List<ServerSocketChannel> servers = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        try {
            List<InetAddress> addresses = new ArrayList<>(List.of(InetAddress.getByName("127.0.0.1")));
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        addresses.add(a);
                    }
                }
            }
            for (InetAddress a : addresses) {
                ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress(a, 0));
                s.configureBlocking(false);
                servers.add(s);
                targets.add("('" + a.getHostAddress() + "', " + s.socket().getLocalPort() + ")");
            }
            ExecutionResult r = run("""
                    import socket
                    for target in [@TARGETS@, ('1.1.1.1', 53)]:
                        try:
                            socket.create_connection(target, timeout=3)
                            print(target, 'CONNECTED')
                        except Exception as e:
                            print(target, type(e).__name__, e)
                    print('IFACES', [name for _, name in socket.if_nameindex()])
                    try:
                        print(socket.getaddrinfo('example.com', 80))
                    except Exception as e:
                        print('DNS', type(e).__name__)
                    """.replace("@TARGETS@", String.join(", ", targets)));

            assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
            assertThat(r.stdout()).doesNotContain("CONNECTED").contains("IFACES ['lo']").contains("DNS gaierror");
            // a completed handshake would sit in the backlog: a non-blocking accept finds nothing
            for (ServerSocketChannel s : servers) {
                assertThat(s.accept()).as("connection to " + s.getLocalAddress()).isNull();
            }
            assertThat(targets).hasSizeGreaterThanOrEqualTo(1);
        } finally {
            for (ServerSocketChannel s : servers) {
                s.close();
            }
        }
    }

    @Test
    void aForkBombHitsTheProcessLimitAndTheHostStillSpawns() throws Exception {
        ExecutionResult r = run("""
                import os
                while True:
                    os.fork()
                """);

        assertThat(r.outcome()).as(r.stderr()).isIn(Outcome.PROCESS_LIMIT, Outcome.WALL_TIME_LIMIT);
        assertThat(r.outcome()).isEqualTo(Outcome.PROCESS_LIMIT);
        assertThat(r.limitHit()).isEqualTo("processes 64 (threads included)");
        assertThat(r.stderr()).contains("BlockingIOError");
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void aThreadBombHitsTheProcessLimit() {
        ExecutionResult r = run("""
                import threading, time
                threads = []
                while True:
                    t = threading.Thread(target=time.sleep, args=(60,), daemon=True)
                    t.start()
                    threads.append(t)
                """);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.PROCESS_LIMIT);
        assertThat(r.stderr()).contains("can't start new thread");
    }

    @Test
    void aMemoryBombHitsTheMemoryLimit() {
        ExecutionResult r = run("""
                hoard = []
                while True:
                    hoard.append(b'x' * (64 << 20))
                """);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(r.limitHit()).isEqualTo("memory 1 GiB (address space per process)");
        assertThat(r.stderr()).contains("MemoryError");
    }

    @Test
    void aHugeNumpyArrayHitsTheMemoryLimit() {
        ExecutionResult r = run("""
                import numpy as np
                a = np.ones((1 << 30,), dtype=np.float64)
                """);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.MEMORY_LIMIT);
        assertThat(r.stderr()).contains("Unable to allocate");
    }

    @Test
    void aBusyLoopHitsTheCpuLimit() {
        ExecutionResult r = run("while True:\n    pass\n", SMALL.withCpuTime(Duration.ofSeconds(1)));

        assertThat(r.outcome()).isEqualTo(Outcome.CPU_TIME_LIMIT);
        // two guards stop it near the same instant: the process's own RLIMIT_CPU (SIGXCPU) or the sandbox's group CPU
        // watcher (SIGKILL), which counts the wrapper's few milliseconds too; either is the CPU limit, said as such.
        // The watcher's verdict wins when it fired, even if SIGXCPU ended the process a moment before its SIGKILL.
        assertThat(r.exitCode()).as("SIGXCPU or SIGKILL").isIn(128 + 24, 128 + 9);
        if (r.exitCode() == 128 + 9) {
            assertThat(r.limitHit()).isEqualTo("CPU time 1 s (all processes of the sandbox together)");
        } else {
            assertThat(r.limitHit()).isIn("CPU time 1 s", "CPU time 1 s (all processes of the sandbox together)");
        }
        assertThat(r.wallTime()).isLessThan(SMALL.wallTime());
    }

    @Test
    void aSleepingLoopHitsTheWallTimeLimit() {
        ExecutionResult r = run("""
                import time
                print('started', flush=True)
                while True:
                    time.sleep(1)
                """, SMALL.withWallTime(Duration.ofSeconds(2)));

        assertThat(r.outcome()).isEqualTo(Outcome.WALL_TIME_LIMIT);
        assertThat(r.limitHit()).isEqualTo("wall time 2 s");
        assertThat(r.stdout()).isEqualTo("started\n"); // output before the kill is kept
        assertThat(r.wallTime()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @Test
    void fillingTheWorkspaceHitsTheDiskLimitAndTheRunsFilesAreTrimmed() throws IOException {
        Files.writeString(fx.workspace.resolve("model-from-earlier.txt"), "keep me\n");
        SandboxLimits limits = SMALL.withMaxWorkspaceBytes(32 * SandboxLimits.MIB)
                .withMaxFileBytes(SandboxLimits.GIB);
        ExecutionResult r = run("""
                import os
                chunk = os.urandom(1 << 20)
                i = 0
                while True:
                    with open('fill-%d.bin' % (i // 16), 'ab') as f:
                        f.write(chunk)
                    i += 1
                """, limits);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.DISK_LIMIT);
        assertThat(r.limitHit()).startsWith("workspace 32 MiB; removed files this run wrote: fill-");
        assertThat(Workspaces.measure(fx.workspace, limits.maxWorkspaceBytes(), limits.maxWorkspaceEntries()).overLimit())
                .isFalse();
        assertThat(fx.workspace.resolve("model-from-earlier.txt")).hasContent("keep me");
    }

    @Test
    void oneHugeFileHitsTheFileSizeLimit() throws IOException {
        ExecutionResult r = run("""
                with open('huge.bin', 'wb') as f:
                    while True:
                        f.write(b'x' * (1 << 20))
                """, SMALL.withMaxFileBytes(8 * SandboxLimits.MIB));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.FILE_SIZE_LIMIT);
        assertThat(r.limitHit()).isEqualTo("file size 8 MiB");
        assertThat(Files.size(fx.workspace.resolve("huge.bin"))).isEqualTo(8 * SandboxLimits.MIB);
    }

    @Test
    void fillingThePrivateTmpHitsTheDiskLimit() {
        ExecutionResult r = run("""
                with open('/tmp/fill.bin', 'wb') as f:
                    while True:
                        f.write(b'x' * (1 << 20))
                """, SMALL.withMaxFileBytes(SandboxLimits.GIB));

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.DISK_LIMIT);
        assertThat(r.stderr()).contains("No space left on device");
        assertThat(r.limitHit()).startsWith("disk full (private /tmp holds 256 MiB");
    }

    @Test
    void printingGigabytesHitsTheOutputLimitWithBoundedMemory() {
        ExecutionResult r = run("""
                import sys
                line = 'y' * 65535 + '\\n'
                for _ in range(64 * 1024):  # 4 GiB if nothing stopped it
                    sys.stdout.write(line)
                print('FINISHED', file=sys.stderr)
                """);

        assertThat(r.outcome()).isEqualTo(Outcome.OUTPUT_LIMIT);
        assertThat(r.limitHit()).isEqualTo("output 1 MiB (stdout)");
        assertThat(r.outputTruncated()).isTrue();
        assertThat(r.stdout()).hasSize(SMALL.maxOutputBytes()).startsWith("yyyy");
        assertThat(r.stderr()).doesNotContain("FINISHED");
        assertThat(r.wallTime()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void writingOutsideTheWorkspaceChangesNothingOnTheHost() throws IOException {
        Path hostTmpFile = Files.createTempFile("mledojo-sandbox-host-", ".txt");
        try {
            Files.writeString(hostTmpFile, "host original");
            ExecutionResult r = run("""
                    import os
                    for p in ['/data/train.csv', '/data/new.csv', '/usr/evil', '/etc/passwd', '/etc/ld.so.cache',
                              '/sandbox/main.py', '/evil', '/dev/evil', '@PRIV@', '@HOSTTMP@']:
                        try:
                            os.makedirs(os.path.dirname(p), exist_ok=True)
                            with open(p, 'w') as f:
                                f.write('pwned')
                            print(p, 'WROTE')
                        except Exception as e:
                            print(p, type(e).__name__)
                    """.replace("@HOSTTMP@", hostTmpFile.toString()));

            assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
            // only the private /tmp tmpfs took the writes to host /tmp paths; they vanished with the sandbox
            assertThat(r.stdout().lines().filter(l -> l.endsWith("WROTE")))
                    .containsExactlyInAnyOrder(fx.answers + " WROTE", hostTmpFile + " WROTE");
            assertThat(r.stdout()).contains("/data/train.csv OSError", "/usr/evil OSError", "/etc/passwd OSError",
                    "/sandbox/main.py OSError", "/evil OSError", "/dev/evil OSError");
            assertThat(hostTmpFile).hasContent("host original");
            assertThat(fx.publicDir.resolve("train.csv")).content().startsWith("id,x,y\n1,0.0,0");
            assertThat(fx.publicDir.resolve("new.csv")).doesNotExist();
            assertThat(Path.of("/usr/evil")).doesNotExist();
            assertThat(Path.of("/evil")).doesNotExist();
            assertThat(fx.answers).content().contains(fx.marker).doesNotContain("pwned");
        } finally {
            Files.deleteIfExists(hostTmpFile);
        }
    }

    @Test
    void killingItsParentsLeavesThePlatformAlive() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            ExecutionResult gentle = run("""
                    import os, signal
                    for pid in (os.getppid(), 1, @JVM@, -1):
                        try:
                            os.kill(pid, signal.SIGKILL)
                            print(pid, 'sent')
                        except Exception as e:
                            print(pid, type(e).__name__)
                    print('alive')
                    """);
            ExecutionResult brutal = run("import os\nos.system('kill -9 -1')\nprint('after')\n");

            assertThat(gentle.outcome()).as(gentle.stderr()).isIn(Outcome.SUCCESS, Outcome.ERROR);
            assertThat(brutal.outcome()).isIn(Outcome.SUCCESS, Outcome.ERROR);
            assertThat(bystander.isAlive()).isTrue();
            assertThat(ProcessHandle.current().isAlive()).isTrue();
            // the executor still works afterwards
            assertThat(run("print('next')").stdout()).isEqualTo("next\n");
        } finally {
            bystander.destroyForcibly();
        }
    }

    @Test
    void aDoubleForkedDaemonDoesNotOutliveTheRun() throws IOException {
        Path heartbeat = fx.workspace.resolve("heartbeat.txt");
        ExecutionResult r = run("""
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        for fd in (0, 1, 2):
                            os.close(fd)
                        while True:
                            with open('/workspace/heartbeat.txt', 'a') as f:
                                f.write('beat\\n')
                            time.sleep(0.1)
                    os._exit(0)
                while not os.path.exists('/workspace/heartbeat.txt'):
                    time.sleep(0.01)
                print('daemon started')
                """);

        assertThat(r.outcome()).as(r.stderr()).isEqualTo(Outcome.SUCCESS);
        assertThat(r.stdout()).isEqualTo("daemon started\n");
        SandboxFixture.awaitNoSandboxProcess(executor.settings());
        long size = Files.size(heartbeat);
        // ten heartbeat periods without growth
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.size(heartbeat) == size);
    }
}
