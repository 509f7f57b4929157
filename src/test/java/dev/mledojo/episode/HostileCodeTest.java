package dev.mledojo.episode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.task.TaskConfig;
import dev.mledojo.task.TaskDataService;
import dev.mledojo.task.TaskService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Hostile programs sent through {@code execute_code} are contained: each has its own test, and after all of them the
 * platform still answers and no output ever contained the hidden answers.
 */
@QuarkusTest
class HostileCodeTest {

    static final String TASK = "practice-tabular-binary";

    @Inject
    TaskService tasks;

    @Inject
    TaskDataService data;

    @Inject
    TaskConfig config;

    final Gym demo = new Gym("demo", "demo");

    private Path answers() {
        var v = tasks.currentVersion(TASK).orElseThrow();
        return data.dataDir(v).resolve("private/answers.csv");
    }

    /** Runs a program in a fresh episode with a short wall-time budget and returns the observation. */
    private JsonPath run(String code, int wallTimeS) {
        String id = demo.createRaw(Map.of("task", TASK, "budget", Map.of("max_steps", 3, "wall_time_s", wallTimeS)))
                .statusCode(201).extract().jsonPath().getString("id");
        JsonPath step = demo.step(id, "execute_code", Map.of("code", code));
        assertNoLeak(step);
        demo.close(id);
        return step;
    }

    /** No output may quote a line of the hidden answers (ids of the test set with their labels). */
    private void assertNoLeak(JsonPath step) {
        try {
            List<String> lines = Files.readAllLines(answers()).subList(1, 6);
            String text = step.prettify();
            for (String line : lines) {
                assertThat(text).doesNotContain(line + "\n").doesNotContain(line + "\\n");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String kind(JsonPath step) {
        return step.getString("observation.error.kind");
    }

    @Test
    void reading_the_answers_by_path_fails() {
        JsonPath step = run("print(open('" + answers() + "').read())", 60);
        assertThat(kind(step)).isEqualTo("file_not_found");
    }

    @Test
    void reading_the_answers_through_proc_fails() {
        String code = """
                import os
                answers = 'ANSWERS'
                found = []
                for p in ['/proc/PLATFORM/root' + answers, '/proc/PLATFORM/environ', '/proc/1/root' + answers,
                          '/proc/self/root' + answers]:
                    try:
                        found.append(open(p).read()[:200])
                    except Exception as e:
                        found.append(type(e).__name__)
                print('pids', sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))
                print('mounts', open('/proc/self/mounts').read())
                print(found)
                """.replace("ANSWERS", answers().toString()).replace("PLATFORM", Long.toString(ProcessHandle.current().pid()));
        JsonPath step = run(code, 60);
        String out = step.getString("observation.result.stdout");
        assertThat(out).contains("pids").doesNotContain(answers().getParent().toString());
    }

    @Test
    void the_environment_holds_no_platform_secrets() {
        JsonPath step = run("import os\nprint(sorted(os.environ.items()))", 60);
        String out = step.getString("observation.result.stdout");
        assertThat(out).contains("HOME").doesNotContain("QUARKUS").doesNotContain("PASSWORD").doesNotContain("JAVA")
                .doesNotContain("postgres").doesNotContain("MAVEN").doesNotContain("TEST_DB").doesNotContain("jdbc");
    }

    @Test
    void no_connection_reaches_the_host() throws IOException {
        List<ServerSocket> listeners = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        listeners.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        targets.add("127.0.0.1:" + listeners.get(0).getLocalPort());
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && address instanceof java.net.Inet4Address) {
                    ServerSocket s = new ServerSocket(0, 50, address);
                    listeners.add(s);
                    targets.add(address.getHostAddress() + ":" + s.getLocalPort());
                }
            }
        }
        StringBuilder code = new StringBuilder("import socket\nok = []\n");
        for (String t : targets) {
            String[] hp = t.split(":");
            code.append("try:\n    socket.create_connection(('").append(hp[0]).append("', ").append(hp[1])
                    .append("), timeout=2); ok.append('").append(t).append("')\nexcept Exception as e:\n    print('blocked', type(e).__name__)\n");
        }
        code.append("print('connected', ok)\n");
        JsonPath step = run(code.toString(), 60);
        assertThat(step.getString("observation.result.stdout")).contains("connected []");
        for (ServerSocket s : listeners) {
            s.setSoTimeout(300);
            try (s) {
                s.accept();
                throw new AssertionError("a connection from the sandbox reached " + s.getLocalSocketAddress());
            } catch (SocketTimeoutException expected) {
                // nothing connected
            }
        }
    }

    @Test
    void a_fork_bomb_is_contained() {
        JsonPath step = run("import os\nwhile True:\n    os.fork()", 20);
        assertThat(step.getString("observation.status")).isEqualTo("error");
        assertThat(kind(step)).isIn("process_limit", "wall_time_limit", "cpu_time_limit", "python_exception", "non_zero_exit");
        demo.close(demo.create(TASK, 2)).statusCode(200); // the platform still starts (and closes) episodes
    }

    @Test
    void a_memory_bomb_hits_the_memory_limit() {
        JsonPath step = run("x = []\nwhile True:\n    x.append(bytearray(256 * 1024 * 1024))", 60);
        assertThat(kind(step)).isIn("memory_limit", "memory_error");
    }

    @Test
    void a_nested_user_namespace_cannot_mount_a_tmpfs_outside_every_limit() {
        // the audit's attack: a user namespace of its own, a 12 GB tmpfs there, and fill it from host RAM
        JsonPath step = run("""
                import subprocess
                p = subprocess.run(['unshare', '-Urm', 'sh', '-c',
                                    'mount -t tmpfs -o size=12g none /tmp && dd if=/dev/zero of=/tmp/f bs=1M count=1500'
                                    ' && echo FILLED'], capture_output=True, text=True)
                print('exit', p.returncode, p.stdout.strip(), p.stderr.strip())
                """, 60);
        String out = step.getString("observation.result.stdout");
        assertThat(out).startsWith("exit 1").contains("Operation not permitted").doesNotContain("FILLED");
    }

    @Test
    void processes_together_cannot_use_more_than_the_tasks_memory() {
        // four processes of 1.2 GiB each: every one is far below the 4 GiB per-process limit, together they are not
        JsonPath step = run("""
                import os, time
                kids = []
                for i in range(4):
                    pid = os.fork()
                    if pid == 0:
                        hoard = b'x' * (1200 << 20)
                        time.sleep(60)
                        os._exit(0)
                    kids.append(pid)
                for pid in kids:
                    os.waitpid(pid, 0)
                print('four processes held 4.7 GiB')
                """, 120);
        assertThat(kind(step)).isEqualTo("memory_limit");
        assertThat(step.getString("observation.error.message"))
                .contains("limit reached: memory 4 GiB (the whole sandbox: every process, /tmp and /dev/shm together)");
        assertThat(step.getString("observation.result.stdout")).doesNotContain("four processes");
    }

    @Test
    void an_infinite_loop_hits_a_time_limit() {
        JsonPath step = run("while True:\n    pass", 3);
        assertThat(kind(step)).isIn("wall_time_limit", "cpu_time_limit");
    }

    @Test
    void filling_the_disk_is_stopped() throws IOException {
        JsonPath step = run("""
                with open('/workspace/big.bin', 'wb') as f:
                    while True:
                        f.write(b'0' * (1 << 20))
                """, 60);
        assertThat(kind(step)).isIn("file_size_limit", "disk_limit");
    }

    @Test
    void printing_gigabytes_is_cut() {
        JsonPath step = run("while True:\n    print('x' * 100000)", 60);
        assertThat(kind(step)).isEqualTo("output_limit");
        assertThat(step.getString("observation.result.stdout").length()).isLessThan(2_000_000);
    }

    @Test
    void writing_outside_the_workspace_fails_and_changes_nothing() {
        Path probe = Path.of(config.dataDir()).toAbsolutePath().resolve("hostile-probe.txt");
        JsonPath step = run("""
                import os
                results = []
                for p in ('/data/x.txt', '/usr/x.txt', '/etc/x.txt', '%s', '/x.txt'):
                    try:
                        open(p, 'w').write('pwned')
                        results.append(p + ' written')
                    except Exception as e:
                        results.append(p + ' ' + type(e).__name__)
                open('/tmp/inside.txt', 'w').write('private tmp')
                print(results)
                """.formatted(probe), 60);
        String out = step.getString("observation.result.stdout");
        assertThat(out).doesNotContain("/data/x.txt written").doesNotContain("/usr/x.txt written")
                .doesNotContain("/etc/x.txt written");
        assertThat(probe).doesNotExist();
        assertThat(Path.of("/etc/x.txt")).doesNotExist();
        assertThat(Path.of("/usr/x.txt")).doesNotExist();
        assertThat(Path.of("/tmp/inside.txt")).doesNotExist();
    }

    @Test
    void killing_its_parent_hurts_only_the_sandbox() {
        JsonPath step = run("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(-1, signal.SIGKILL)", 60);
        assertThat(step.getString("observation.status")).isEqualTo("error");
        demo.close(demo.create(TASK, 2)).statusCode(200);
    }

    @Test
    void no_process_survives_the_step() throws IOException {
        String id = demo.create(TASK, 3);
        JsonPath step = demo.step(id, "execute_code", Map.of("code", """
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        while True:
                            with open('/workspace/tick.txt', 'a') as f:
                                f.write('.')
                            time.sleep(0.1)
                    os._exit(0)
                time.sleep(0.5)
                print('parent done')
                """));
        assertNoLeak(step);
        Path tick = Path.of(config.dataDir()).toAbsolutePath().resolve("episodes").resolve(id).resolve("workspace/tick.txt");
        assertThat(tick).exists();
        long size = Files.size(tick);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> Files.size(tick) == size);
        demo.close(id);
    }
}
