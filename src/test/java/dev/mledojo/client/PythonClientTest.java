package dev.mledojo.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.mledojo.testing.PageSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * The Python client's own unittest suite (src/main/python/tests) runs with Debian's {@code /usr/bin/python3} against
 * this platform, with an API token of {@code demo}: a full episode through {@code Env}, budgets, typed errors and an
 * external agent written with the helper. The wheel the build made is served to anyone and installs.
 */
@QuarkusTest
class PythonClientTest {

    static final String PYTHON = "/usr/bin/python3";
    static final Path SOURCES = Path.of("src/main/python").toAbsolutePath();

    /** Tests in src/main/python/tests (offline 9, episode 8, agent 1, gymnasium 2). */
    static final int PYTHON_TESTS = 21;

    @Test
    void the_python_clients_tests_pass_against_this_platform() throws Exception {
        requirePython();
        given().auth().preemptive().basic("demo", "demo").get("/api/v1/agents").then().statusCode(200); // signed in once
        given().auth().preemptive().basic("admin", "admin").put("/api/v1/admin/users/demo/external-agents")
                .then().statusCode(200).body("external_agents", equalTo(true));
        String token = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "python-client-test", "scopes", List.of("submitter")))
                .post("/api/v1/me/tokens").then().statusCode(201).body("secret", org.hamcrest.Matchers.startsWith("mld_"))
                .extract().jsonPath().getString("secret");
        boolean gymnasium = run(List.of(PYTHON, "-c", "import gymnasium"), Map.of()).exit() == 0;

        Run r = run(List.of(PYTHON, "-m", "unittest", "discover", "-v", "-s", SOURCES.resolve("tests").toString(),
                "-t", SOURCES.toString()), Map.of("DOJO_TEST_URL", "http://localhost:" + RestAssured.port,
                        "DOJO_TEST_TOKEN", token));

        assertThat(r.exit()).as(r.output()).isZero();
        Matcher ran = Pattern.compile("(?m)^Ran (\\d+) tests? in").matcher(r.output());
        assertThat(ran.find()).as(r.output()).isTrue();
        assertThat(Integer.parseInt(ran.group(1))).as(r.output()).isEqualTo(PYTHON_TESTS);
        // without gymnasium its two tests are skipped; with it, the stand-in's test is
        String summary = gymnasium ? "OK (skipped=1)" : "OK (skipped=2)";
        assertThat(r.output()).as(r.output()).containsPattern("(?m)^" + Pattern.quote(summary) + "$");
        assertThat(r.output()).as(r.output()).doesNotContain("skipped 'no platform");
        for (String test : List.of("test_every_action_a_humanrank_reward_and_the_final_result_on_close",
                "test_a_ten_line_agent_steps_its_episode_and_the_platform_grades_it",
                "test_the_step_budget_ends_the_episode_as_truncated_with_the_result",
                "test_an_unknown_task_is_not_found_with_the_platforms_detail", "test_a_bad_token_is_unauthorized")) {
            assertThat(r.output()).as(r.output()).containsPattern("(?m)^" + test + " \\(.*\\) \\.\\.\\. ok$");
        }
    }

    @Test
    void anyone_downloads_the_wheel_under_its_pip_file_name() throws IOException {
        String name = "mledojo_client-" + version() + "-py3-none-any.whl";
        for (var who : List.of(given(), given().auth().preemptive().basic("demo", "demo"),
                given().auth().preemptive().basic("admin", "admin"))) {
            who.get("/client/python").then().statusCode(200)
                    .header("Content-Disposition", equalTo("attachment; filename=\"" + name + "\""));
        }
        byte[] wheel = given().get("/client/python/" + name).then().statusCode(200)
                .header("Content-Type", containsString("application/octet-stream")).extract().asByteArray();
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(wheel))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        String info = "mledojo_client-" + version() + ".dist-info/";
        assertThat(entries).contains("mledojo_client/__init__.py", "mledojo_client/client.py", "mledojo_client/env.py",
                "mledojo_client/agent.py", "mledojo_client/gym.py", "mledojo_client/errors.py", info + "METADATA",
                info + "WHEEL", info + "RECORD").noneMatch(e -> e.contains("tests/") || e.contains("__pycache__"));
        given().get("/client/python/mledojo_client-9.9.9-py3-none-any.whl").then().statusCode(404)
                .contentType("application/problem+json").body("type", endsWith("unknown-client-file"))
                .body("detail", containsString("/client/python/" + name));
    }

    @Test
    void the_wheel_installs_and_imports_without_pip() throws Exception {
        requirePython();
        byte[] wheel = given().get("/client/python").then().statusCode(200).extract().asByteArray();
        Path dir = Files.createTempDirectory("wheel-");
        Path file = dir.resolve("mledojo_client-" + version() + "-py3-none-any.whl");
        Files.write(file, wheel);
        // a bare venv, the wheel unpacked into its site-packages, as an installer does
        assertThat(run(List.of(PYTHON, "-m", "venv", "--without-pip", dir.resolve("venv").toString()), Map.of()).exit())
                .isZero();
        Path python = dir.resolve("venv/bin/python");
        Run site = run(List.of(python.toString(), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"),
                Map.of());
        assertThat(run(List.of(PYTHON, "-m", "zipfile", "-e", file.toString(), site.output().strip()), Map.of()).exit())
                .isZero();
        Run imported = run(List.of(python.toString(), "-c", "import mledojo_client, mledojo_client.agent, "
                + "mledojo_client.gym; print(mledojo_client.__version__, mledojo_client.__file__)"), Map.of());
        assertThat(imported.exit()).as(imported.output()).isZero();
        assertThat(imported.output()).startsWith(version() + " " + site.output().strip());
    }

    @Test
    void the_tokens_page_shows_the_one_line_install() throws IOException {
        PageSession demo = PageSession.signIn("demo", "/me/tokens");
        String page = demo.request().get("/me/tokens").then().statusCode(200).extract().asString();
        // the address the page was asked at (RestAssured's localhost reaches the platform as 127.0.0.1)
        assertThat(page).containsPattern(Pattern.quote("pip install http://") + "(localhost|127\\.0\\.0\\.1)"
                + Pattern.quote(":" + RestAssured.port + "/client/python/mledojo_client-" + version() + "-py3-none-any.whl"));
    }

    private static String version() throws IOException {
        return PythonWheel.version(Files.readString(SOURCES.resolve("mledojo_client/__init__.py")));
    }

    /** Fails under CI, skips otherwise, when Debian's python3 is missing. */
    private static void requirePython() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            if ("true".equalsIgnoreCase(System.getenv("DOJO_CI"))) {
                fail("DOJO_CI=true but " + PYTHON + " is missing: the Python client cannot be tested (apt-get install python3)");
            }
            Assumptions.abort(PYTHON + " is missing: the Python client's tests need Debian's python3");
        }
    }

    record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Path log = Files.createTempFile("python-", ".log");
        builder.redirectOutput(log.toFile());
        Process p = builder.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) { // a safety net for a hung run, not a timing assertion
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("still running after 15 minutes: " + command + "\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        return new Run(p.exitValue(), output);
    }
}
