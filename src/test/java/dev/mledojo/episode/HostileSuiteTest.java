package dev.mledojo.episode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mledojo.task.TaskConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The hostile audit's sandbox attacks (NUL output, fork and memory bombs, a nested user namespace, full tmpfs, an
 * output flood, a daemon, an inode bomb, a path deeper than PATH_MAX, a sparse and a directory submission, killing
 * everything) one after the other in ONE episode over HTTP, then the checks the audit asked
 * for: the platform still answers and starts episodes, every step is counted and in the history (none ran unrecorded),
 * and the host is back where it was — no process of a sandbox uid, no control group, no extra mount, its free disk and
 * its shared memory (tmpfs pages: what a private /tmp, /dev/shm or a nested tmpfs would hold on to) as before. Host-wide
 * available memory is not compared: the JVM's heap and the page cache move it by more than any leak the processes,
 * groups and tmpfs checks leave room for.
 */
@QuarkusTest
class HostileSuiteTest {

    static final String TASK = "practice-tabular-binary";

    @Inject
    TaskConfig config;

    final Gym demo = new Gym("demo", "demo");

    /** name → program; each ends in a few seconds with a limit, an error or a refusal. */
    static Map<String, String> attacks() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("nul output", "import sys\nsys.stdout.write('a\\x00b\\n')\nsys.stderr.write('\\x00' * 10)\n");
        a.put("fork bomb", "import os\nwhile True:\n    os.fork()\n");
        a.put("memory across processes", """
                import os, time
                for i in range(4):
                    if os.fork() == 0:
                        hoard = b'x' * (1200 << 20)
                        time.sleep(60)
                        os._exit(0)
                os.wait()
                """);
        a.put("nested user namespace tmpfs", """
                import subprocess
                subprocess.run(['unshare', '-Urm', 'sh', '-c',
                                'mount -t tmpfs -o size=12g none /tmp && dd if=/dev/zero of=/tmp/f bs=1M count=1500'])
                """);
        a.put("fill /tmp and /dev/shm", """
                for path in ('/tmp/fill.bin', '/dev/shm/fill.bin'):
                    try:
                        with open(path, 'wb') as f:
                            while True:
                                f.write(b'z' * (1 << 20))
                    except OSError as e:
                        print(path, e.errno)
                raise SystemExit(1)
                """);
        a.put("output flood", "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n");
        a.put("double-forked daemon", """
                import os, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        while True:
                            time.sleep(0.1)
                    os._exit(0)
                print('left a daemon')
                """);
        a.put("inode bomb", """
                import os
                os.makedirs('/workspace/many', exist_ok=True)
                for i in range(150000):
                    open(f'/workspace/many/{i}', 'wb').close()
                """);
        a.put("deep path", """
                import os, shutil
                shutil.rmtree('/workspace/many', ignore_errors=True)  # what the bomb left at the limit
                os.chdir('/workspace')
                for c in 'abcdefghijklmnopqr':
                    os.mkdir(c * 250)
                    os.chdir(c * 250)
                with open('hidden.bin', 'wb') as f:
                    f.write(b'h' * (10 << 20))
                """);
        a.put("sparse submission", "open('/workspace/submission.csv', 'wb').truncate(520 << 20)\n");
        a.put("directory submission", """
                import os
                if os.path.lexists('/workspace/submission.csv'):
                    os.remove('/workspace/submission.csv')
                os.makedirs('/workspace/submission.csv/inner')
                open('/workspace/submission.csv/inner/x.csv', 'w').write('id,target')
                """);
        a.put("kill everything", "import os, signal\nos.kill(-1, signal.SIGKILL)\n");
        return a;
    }

    @Test
    void after_the_hostile_suite_the_platform_answers_every_step_is_recorded_and_the_host_is_back_to_baseline()
            throws IOException {
        // warm up: the first episode and run load classes and grow the heap before the baseline is taken
        String warm = demo.create(TASK, 2);
        demo.step(warm, "execute_code", Map.of("code", "print('warm')"));
        demo.close(warm).statusCode(200);
        Baseline before = Baseline.now(dataDir());

        Map<String, String> attacks = attacks();
        String id = demo.create(TASK, attacks.size() + 3);
        List<String> kinds = new ArrayList<>();
        String sparseMessage = null;
        List<String> took = new ArrayList<>();
        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            long t0 = System.nanoTime();
            JsonPath step;
            try {
                // creating the inode bomb's 100,000 files alone takes 5-25 s of kernel time on this CI's ext4
                step = demo.step(id, "execute_code", Map.of("code", attack.getValue()), Duration.ofMinutes(3));
            } catch (Exception e) { // RestAssured throws a SocketTimeoutException undeclared
                throw new AssertionError("the step '" + attack.getKey() + "' did not answer (steps before: " + took + ")", e);
            }
            took.add(attack.getKey() + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            kinds.add(attack.getKey() + ": " + step.getString("observation.status") + " "
                    + step.getString("observation.error.kind"));
            if (attack.getKey().equals("sparse submission")) {
                sparseMessage = step.getString("observation.error.message");
            }
        }
        System.out.println("hostile steps: " + took);
        assertThat(sparseMessage).startsWith("file_too_large: ");
        // (no submission is written: the steps end as errors "submission_missing" unless a limit stopped them)
        JsonPath last = demo.step(id, "execute_code", Map.of("code", "print('still here')"));
        assertThat(last.getString("observation.error.kind")).as(kinds.toString()).isEqualTo("submission_missing");
        assertThat(last.getString("observation.result.stdout")).isEqualTo("still here\n");
        assertThat(kinds).contains("fork bomb: error process_limit", "memory across processes: error memory_limit",
                "output flood: error output_limit", "inode bomb: error disk_limit", "sparse submission: error invalid_submission",
                "directory submission: error submission_missing");
        assertThat(kinds).as("each attack ended with an error or a limit").allSatisfy(k -> assertThat(k)
                .matches(".*: (error|success) .*"));

        // every step counted and recorded, in order
        int steps = attacks.size() + 1;
        demo.get("/api/v1/episodes/" + id + "/history").statusCode(200).body("steps.size()", equalTo(steps))
                .body("steps.action.unique()", equalTo(List.of("execute_code")));
        JsonPath reset = demo.step(id, "reset", Map.of());
        assertThat(reset.getInt("observation.stepCount")).isEqualTo(steps + 1);
        JsonPath closed = demo.close(id).statusCode(200).extract().jsonPath();
        assertThat(closed.getInt("result.steps")).isEqualTo(steps + 1);

        // the platform still answers and runs code
        demo.get("/q/health/ready").statusCode(200);
        String after = demo.create(TASK, 2);
        assertThat(demo.step(after, "execute_code", Map.of("code", "print(6 * 7)"))
                .getString("observation.result.stdout")).isEqualTo("42\n");
        demo.close(after).statusCode(200);

        // the host is back where it was (the kernel reaps and frees asynchronously: wait for it)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Baseline now = Baseline.now(dataDir());
            assertThat(now.sandboxProcesses()).as("processes of sandbox uids").isEmpty();
            assertThat(now.runGroups()).as("control groups of runs").isEqualTo(before.runGroups());
            assertThat(now.mounts()).as("mounts").isEqualTo(before.mounts());
            assertThat(now.freeDisk()).as("free disk").isGreaterThan(before.freeDisk() - (64L << 20));
            assertThat(now.sharedMemory()).as("shared memory (tmpfs)").isLessThan(before.sharedMemory() + (256L << 20));
        });
    }

    private Path dataDir() {
        return Path.of(config.dataDir()).toAbsolutePath();
    }

    /** What a hostile run could leave behind on the host. */
    record Baseline(List<Long> sandboxProcesses, long runGroups, long mounts, long freeDisk, long sharedMemory) {

        static Baseline now(Path dataDir) throws IOException {
            return new Baseline(listSandboxProcesses(), countRunGroups(), Files.readAllLines(Path.of("/proc/self/mounts")).size(),
                    Files.getFileStore(dataDir).getUsableSpace(), shmem());
        }

        /** Processes owned by the sandbox uids (61000 - 1 .. 62000 in the test profile's default range). */
        private static List<Long> listSandboxProcesses() throws IOException {
            List<Long> pids = new ArrayList<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        for (String line : Files.readAllLines(p.resolve("status"))) {
                            if (line.startsWith("Uid:")) {
                                long uid = Long.parseLong(line.split("\\s+")[1]);
                                if (uid >= 60999 && uid < 62000) {
                                    pids.add(Long.parseLong(p.getFileName().toString()));
                                }
                            }
                        }
                    } catch (IOException | RuntimeException gone) {
                        // exited meanwhile
                    }
                }
            }
            return pids;
        }

        /** Run groups of this JVM in every cgroup hierarchy's mledojo folder. */
        private static long countRunGroups() throws IOException {
            String mine = "run-" + ProcessHandle.current().pid() + "-";
            try (Stream<Path> all = Files.find(Path.of("/sys/fs/cgroup"), 6,
                    (p, a) -> a.isDirectory() && p.getFileName().toString().startsWith(mine))) {
                return all.count();
            } catch (IOException | java.io.UncheckedIOException e) {
                return -1;
            }
        }

        private static long shmem() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("Shmem:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            throw new IllegalStateException("no Shmem in /proc/meminfo");
        }
    }
}
