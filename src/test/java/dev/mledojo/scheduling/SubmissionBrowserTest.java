package dev.mledojo.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import dev.mledojo.testing.Chromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The whole browser flow in Debian's Chromium, forms only: sign in, register a public baseline agent on
 * {@code /me/agents}, submit it on a practice task from {@code /me/submissions/new}, land on the submission page, watch
 * the episode run in the local sandbox until it is finished (live, without reloading), and find the agent on
 * {@code /leaderboard} once the board is projected. One screenshot per step in {@code target/screenshots/}. Without
 * Chromium the test is skipped, and fails when {@code DOJO_CI=true}.
 */
@QuarkusTest
class SubmissionBrowserTest {

    private static final String TASK = "practice-tabular-binary";

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path tmp;

    private Path out;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        out = Files.createDirectories(Path.of("target/screenshots").toAbsolutePath());
        browser = Chromium.start("SubmissionBrowserTest", tmp.resolve("chromium-profile"), out);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void register_submit_watch_and_find_the_agent_on_the_leaderboard_and_its_page() {
        String agent = "browser-baseline-" + Long.toString(System.nanoTime(), 36);

        browser.get(base + "login");
        browser.findElement(By.name("j_username")).sendKeys("demo");
        browser.findElement(By.name("j_password")).sendKeys("demo");
        browser.findElement(By.cssSelector("form.login button[type=submit]")).click();
        waitFor(() -> browser.getPageSource().contains("Signed in as <strong>demo</strong>"), "signed in as demo");
        screenshot("01-signed-in.png");

        // register a public baseline agent
        browser.get(base + "me/agents");
        WebElement register = browser.findElement(By.cssSelector("form.agent-form"));
        register.findElement(By.id("name")).sendKeys(agent);
        register.findElement(By.cssSelector("input[name=kind][value=baseline]")).click();
        // only the chosen kind's settings are shown
        assertThat(register.findElement(By.cssSelector("fieldset[data-kind=scaffold]")).isDisplayed()).isFalse();
        new Select(register.findElement(By.id("config-baseline"))).selectByValue("sample_submission");
        register.findElement(By.cssSelector("input[name=visibility][value=public]")).click();
        register.findElement(By.id("description")).sendKeys("hands in the sample file (browser test)");
        screenshot("02-register-agent-form.png");
        register.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/me/agents/" + agent), "the agent's page");
        assertThat(browser.findElement(By.cssSelector("p.flash")).getText()).contains("Agent " + agent + " is registered");
        assertThat(browser.findElement(By.id("versions")).getText()).contains("v1").contains("sample_submission");
        screenshot("03-agent-registered.png");

        // submit it on one practice task
        browser.findElement(By.linkText("Submit " + agent)).click();
        waitFor(() -> browser.getCurrentUrl().contains("/me/submissions/new"), "the submission form");
        assertThat(new Select(browser.findElement(By.id("agent"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(agent);
        assertThat(browser.findElement(By.id("quota")).getText()).contains("more episode(s) now");
        browser.findElement(By.cssSelector("input[name=suite][value=tasks]")).click();
        browser.findElement(By.cssSelector("input[name='suite.tasks'][value='" + TASK + "']")).click();
        WebElement seeds = browser.findElement(By.id("seeds"));
        seeds.clear();
        seeds.sendKeys("1");
        browser.findElement(By.id("budget-max_steps")).sendKeys("3");
        screenshot("04-submission-form.png");
        browser.findElement(By.cssSelector("form.submit-form button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().matches(".*/submissions/\\d+$"), "the submission page");
        assertThat(browser.findElement(By.cssSelector("p.flash")).getText()).contains("is queued: 1 episode(s) of " + agent);
        assertThat(browser.findElement(By.id("episodes")).getText()).contains(TASK);
        assertThat(browser.findElement(By.id("queue")).getText()).isNotBlank();
        screenshot("05-submission-page.png");

        // the episode runs in the local sandbox; the page follows it live
        waitFor(() -> browser.findElement(By.id("counts")).getText().contains("finished 1"), "the episode finished",
                Duration.ofMinutes(4));
        assertThat(browser.findElement(By.id("percent")).getText()).isEqualTo("100 %");
        assertThat(browser.findElement(By.id("queue")).getText()).contains("Nothing of this submission waits");
        screenshot("06-submission-finished.png");

        // the board is projected asynchronously
        waitFor(() -> {
            browser.get(base + "leaderboard");
            return browser.getPageSource().contains(agent);
        }, "the agent on the leaderboard", Duration.ofMinutes(2));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains(agent).contains("v1 · demo");
        screenshot("07-leaderboard.png");

        // from the board to the agent's public page, which links the run to its episode
        browser.findElement(By.linkText(agent)).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/agents/demo/" + agent), "the agent's public page");
        assertThat(browser.findElement(By.id("versions")).getText()).contains("v1");
        assertThat(browser.findElements(By.cssSelector("#tasks a[href='/tasks/" + TASK + "']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#tasks a[href^='/episodes/']"))).hasSize(1);
        screenshot("08-agent-page.png");
    }

    private void screenshot(String name) {
        dev.mledojo.testing.Chromium.screenshot(browser, out, name);
    }

    private void waitFor(Callable<Boolean> condition, String what) {
        waitFor(condition, what, Duration.ofSeconds(60));
    }

    private void waitFor(Callable<Boolean> condition, String what, Duration atMost) {
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            screenshot("failed-" + what.replaceAll("[^a-zA-Z]+", "-") + ".png");
            throw new AssertionError("waited for " + what + "; browser at " + browser.getCurrentUrl(), e);
        }
    }
}
