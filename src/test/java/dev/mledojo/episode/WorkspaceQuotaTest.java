package dev.mledojo.episode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mledojo.task.TaskConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The workspace quota through {@code execute_code}: an inode bomb and a directory chain longer than PATH_MAX both end
 * the step with {@code disk_limit} naming the limit, the episode goes on, {@code reset} empties the workspace and a
 * closed episode's workspace is gone. Small limits (64 MiB, 20,000 entries) come from this class's profile. Without
 * bubblewrap the tests are skipped locally and FAIL when {@code DOJO_CI=true}.
 */
@QuarkusTest
@TestProfile(WorkspaceQuotaTest.SmallWorkspace.class)
class WorkspaceQuotaTest {

    public static class SmallWorkspace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dojo.sandbox.limits.max-workspace-bytes", Long.toString(64L << 20),
                    "dojo.sandbox.limits.max-workspace-entries", "20000");
        }
    }

    static final String TASK = "practice-tabular-binary";
    static final Path BWRAP = Path.of("/usr/bin/bwrap");

    @Inject
    TaskConfig config;

    final Gym demo = new Gym("demo", "demo");

    @BeforeEach
    void needsBubblewrap() {
        if (!Files.isExecutable(BWRAP)) {
            if ("true".equalsIgnoreCase(System.getenv("DOJO_CI"))) {
                fail("DOJO_CI=true but " + BWRAP + " is missing (apt-get install bubblewrap)");
            }
            Assumptions.abort(BWRAP + " is missing");
        }
    }

    private Path workspace(String id) {
        return Path.of(config.dataDir()).toAbsolutePath().resolve("episodes").resolve(id).resolve("workspace");
    }

    private String episode() {
        return demo.createRaw(Map.of("task", TASK, "budget", Map.of("max_steps", 8, "wall_time_s", 600)))
                .statusCode(201).extract().jsonPath().getString("id");
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private void stillWorks(String id) {
        JsonPath ok = demo.step(id, "execute_code", Map.of("code", "print('still works')"));
        // the step is an error only because this code writes no submission
        assertThat(ok.getString("observation.result.outcome")).as(ok.prettify()).isEqualTo("success");
        assertThat(ok.getString("observation.error.kind")).isEqualTo("submission_missing");
        assertThat(ok.getString("observation.result.stdout")).isEqualTo("still works\n");
    }

    @Test
    void anInodeBombEndsInTheDiskLimitNamingTheFileLimit() throws IOException {
        String id = episode();
        JsonPath bomb = demo.step(id, "execute_code", Map.of("code", """
                import os
                os.makedirs('/workspace/many', exist_ok=True)
                for i in range(150000):
                    open(f'/workspace/many/{i}', 'wb').close()
                print('created them all')
                """));

        assertThat(bomb.getString("observation.status")).as(bomb.prettify()).isEqualTo("error");
        assertThat(bomb.getString("observation.error.kind")).isEqualTo("disk_limit");
        assertThat(bomb.getString("observation.result.limitHit"))
                .startsWith("workspace 20,000 files; removed files this run wrote: many/");
        assertThat(bomb.getString("observation.error.message")).startsWith("limit reached: workspace 20,000 files");
        // trimmed back under the limit: the next step runs
        assertThat(count(workspace(id).resolve("many"))).isLessThan(20_000);
        stillWorks(id);

        demo.close(id).statusCode(200);
        assertThat(workspace(id)).doesNotExist();
    }

    @Test
    void aChainLongerThanPathMaxIsCountedAndTheEpisodeRecovers() throws IOException {
        String id = episode();
        JsonPath deep = demo.step(id, "execute_code", Map.of("code", """
                import os
                os.chdir('/workspace')
                for i in range(18):
                    name = chr(97 + i) * 250
                    os.mkdir(name)
                    os.chdir(name)
                chunk = b'x' * (1 << 20)
                with open('hidden.bin', 'wb') as f:
                    for _ in range(200):
                        f.write(chunk)
                print('wrote 200 MiB below', 18 * 251, 'characters of directories')
                """));

        assertThat(deep.getString("observation.status")).as(deep.prettify()).isEqualTo("error");
        assertThat(deep.getString("observation.error.kind")).isEqualTo("disk_limit");
        assertThat(deep.getString("observation.result.limitHit"))
                .startsWith("workspace 64 MiB; removed files this run wrote: aaaa") // killed while it wrote
                .matches(".*…\\(18 directories\\)…r+/hidden\\.bin \\([0-9.]+ MiB\\)");
        // the empty chain stays, handed back to the platform: the next step runs in it
        stillWorks(id);
        JsonPath again = demo.step(id, "execute_code", Map.of("code", """
                import os
                for i in range(18):
                    os.chdir(chr(97 + i) * 250)
                print(sorted(os.listdir('.')))
                """));
        assertThat(again.getString("observation.result.stdout")).as(again.prettify()).isEqualTo("[]\n");

        JsonPath reset = demo.step(id, "reset", Map.of());
        assertThat(reset.getString("observation.status")).as(reset.prettify()).isEqualTo("success");
        assertThat(count(workspace(id))).isZero();
        stillWorks(id);

        demo.close(id).statusCode(200);
        assertThat(workspace(id)).doesNotExist();
    }
}
