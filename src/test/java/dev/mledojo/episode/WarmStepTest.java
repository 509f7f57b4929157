package dev.mledojo.episode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mledojo.sandbox.BwrapExecutor;
import dev.mledojo.sandbox.CodeExecutor;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * {@code execute_code} with sandboxes started ahead of an episode's next step (the production default): the second
 * step runs in the sandbox that waited for it, a {@code reset} stops the waiting sandbox (the next step starts on the
 * emptied workspace in a sandbox of its own) and closing the episode leaves none waiting. Without bubblewrap or root
 * the tests are skipped locally and FAIL when {@code DOJO_CI=true}.
 */
@QuarkusTest
@TestProfile(WarmStepTest.Warm.class)
class WarmStepTest {

    public static class Warm implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dojo.sandbox.warm.max", "4", "dojo.sandbox.warm.delay", "0ms");
        }
    }

    static final String TASK = "practice-tabular-binary";

    @Inject
    CodeExecutor executor;

    final Gym demo = new Gym("demo", "demo");

    @BeforeEach
    void needsBubblewrapAsRoot() {
        String missing = !Files.isExecutable(Path.of("/usr/bin/bwrap")) ? "/usr/bin/bwrap is missing"
                : !"root".equals(System.getProperty("user.name")) ? "sandboxes wait only when the platform is root"
                : null;
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("DOJO_CI"))) {
                fail("DOJO_CI=true but " + missing);
            }
            Assumptions.abort(missing);
        }
    }

    private JsonPath execute(String id, String code) {
        JsonPath r = demo.step(id, "execute_code", Map.of("code", code));
        assertThat(r.getString("observation.result.outcome")).as(r.prettify()).isEqualTo("success");
        return r;
    }

    /** The sandbox for the next step has started (a step that comes earlier starts its own). */
    private static void awaitReady(BwrapExecutor sandbox) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> sandbox.ready() == 1);
    }

    @Test
    void theNextStepRunsInTheWaitingSandboxAndResetStopsIt() {
        BwrapExecutor sandbox = (BwrapExecutor) executor;
        String id = demo.createRaw(Map.of("task", TASK, "budget", Map.of("max_steps", 10, "wall_time_s", 600)))
                .statusCode(201).extract().jsonPath().getString("id");
        long before = sandbox.warmRuns();

        execute(id, "open('/workspace/kept.txt', 'w').write('kept')\nprint('one')");
        assertThat(sandbox.warmRuns()).isEqualTo(before);
        awaitReady(sandbox);
        JsonPath two = execute(id, "print(open('/workspace/kept.txt').read(), __file__)");
        assertThat(two.getString("observation.result.stdout")).isEqualTo("kept /sandbox/main.py\n");
        assertThat(sandbox.warmRuns()).as("the second step ran in the sandbox that waited").isEqualTo(before + 1);

        JsonPath reset = demo.step(id, "reset", Map.of());
        assertThat(reset.getString("observation.status")).as(reset.prettify()).isEqualTo("success");
        JsonPath three = execute(id, "import os\nprint(sorted(os.listdir('/workspace')))");
        assertThat(three.getString("observation.result.stdout")).isEqualTo("[]\n");
        assertThat(sandbox.warmRuns()).as("reset stopped the waiting sandbox").isEqualTo(before + 1);
        awaitReady(sandbox);
        execute(id, "print('four')");
        assertThat(sandbox.warmRuns()).isEqualTo(before + 2);

        demo.close(id).statusCode(200);
        assertThat(sandbox.waiting()).as("none waits for a closed episode").isZero();
    }
}
