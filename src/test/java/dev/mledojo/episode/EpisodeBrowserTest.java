package dev.mledojo.episode;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The episode viewer in Debian's Chromium: demo opens a running episode of a {@link GatedAgentFactory gated} agent,
 * and each step the test lets the agent take appears on the page without a reload (server-sent events), up to the
 * closed state. Without Chromium the test is skipped, and fails when {@code DOJO_CI=true}. Screenshots go to
 * {@code target/episode-pages/}.
 */
@QuarkusTest
class EpisodeBrowserTest {


    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path tmp;

    private Path out;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        GatedAgentFactory.GATE.drainPermits();
        out = Path.of("target/episode-pages").toAbsolutePath();
        browser = dev.mledojo.testing.Chromium.start("EpisodeBrowserTest", tmp.resolve("chromium-profile"), out);
    }

    @AfterEach
    void stopBrowser() {
        GatedAgentFactory.GATE.release(100); // a failed test never leaves the agent waiting
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_running_episode_shows_each_new_step_live() {
        int status = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("name", "live-gated", "kind", "gated", "config",
                        Map.of("script", List.of("get_history", "request_info", "get_history"))))
                .post("/api/v1/agents").then().extract().statusCode();
        assertThat(status).isIn(201, 409);
        long submission = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("agent", "live-gated", "suite", Map.of("tasks", List.of("practice-tabular-binary"))))
                .post("/api/v1/submissions").then().statusCode(201).extract().jsonPath().getLong("id");
        String episode = given().auth().preemptive().basic("demo", "demo").get("/api/v1/submissions/" + submission)
                .then().statusCode(200).extract().jsonPath().getString("episodes[0].id");
        await("the episode running").atMost(Duration.ofSeconds(90)).until(() -> "running".equals(given().auth()
                .preemptive().basic("demo", "demo").get("/api/v1/episodes/" + episode).then().extract().jsonPath()
                .getString("state")));

        browser.get(base + "login");
        browser.findElement(By.name("j_username")).sendKeys("demo");
        browser.findElement(By.name("j_password")).sendKeys("demo");
        browser.findElement(By.cssSelector("form.login button[type=submit]")).click();
        waitFor(() -> browser.getPageSource().contains("Signed in as <strong>demo</strong>"), "signed in as demo");

        browser.get(base + "episodes/" + episode);
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("running");
        assertThat(browser.findElements(By.cssSelector("#timeline li.step"))).isEmpty();
        assertThat(browser.findElements(By.id("live"))).hasSize(1);
        // a mark on this page: still there at the end shows that the page changed in place, without a reload
        ((JavascriptExecutor) browser).executeScript("window.dojoSamePage = true;");
        screenshot("episode-running-no-steps.png");

        GatedAgentFactory.GATE.release();
        waitFor(() -> browser.findElements(By.id("step-1")).size() == 1, "step 1 on the page");
        assertThat(browser.findElement(By.id("step-1")).getText()).contains("#1 get_history").contains("success");
        waitFor(() -> "1".equals(browser.findElement(By.id("steps-used")).getText()), "1 step used");
        assertThat(browser.findElements(By.id("step-2"))).isEmpty();

        GatedAgentFactory.GATE.release();
        waitFor(() -> browser.findElements(By.id("step-2")).size() == 1, "step 2 on the page");
        assertThat(browser.findElement(By.id("step-2")).getText()).contains("#2 request_info");
        browser.findElement(By.cssSelector("#step-2 details.feedback summary")).click();
        assertThat(browser.findElement(By.cssSelector("#step-2 details.feedback pre")).getText()).contains("=== Task Info");
        screenshot("episode-running-two-steps.png");

        GatedAgentFactory.GATE.release();
        waitFor(() -> "finished".equals(browser.findElement(By.id("state")).getText()), "the state 'finished'");
        assertThat(browser.findElements(By.cssSelector("#timeline li.step"))).hasSize(3);
        assertThat(browser.findElements(By.id("live"))).isEmpty();
        assertThat(browser.findElement(By.id("result")).getText()).contains("Result").contains("no valid submission");
        assertThat(browser.findElement(By.id("end-reason")).getText()).contains("closed by");
        screenshot("episode-finished.png");

        assertThat(((JavascriptExecutor) browser).executeScript("return window.dojoSamePage === true;")).isEqualTo(true);
        assertThat(Integer.parseInt(browser.findElement(By.id("episode")).getAttribute("data-received")))
                .as("events received over SSE").isGreaterThanOrEqualTo(4);

        // the submission page shows the finished episode and links to it
        browser.get(base + "submissions/" + submission);
        assertThat(browser.findElement(By.id("episodes")).getText()).contains("practice-tabular-binary").contains("finished");
        assertThat(browser.findElements(By.cssSelector("#episodes a[href='/episodes/" + episode + "']"))).hasSize(1);
        screenshot("submission-finished.png");
    }

    private void screenshot(String name) {
        dev.mledojo.testing.Chromium.screenshot(browser, out, name);
    }

    private void waitFor(Callable<Boolean> condition, String what) {
        try {
            await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            screenshot("failed-" + what.replaceAll("[^a-zA-Z]+", "-") + ".png");
            throw new AssertionError("waited for " + what + "; browser at " + browser.getCurrentUrl(), e);
        }
    }
}
