package dev.mledojo.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import dev.mledojo.task.TaskCatalogueSync;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The admin area in Debian's Chromium: an admin signs in with the form, uploads a raw data archive on {@code /admin}
 * and watches the preparation page reach "reviewed" live (server-sent events, no reload). Without Chromium the test is
 * skipped, and fails when {@code DOJO_CI=true}. Screenshots go to {@code target/admin-pages/}.
 */
@QuarkusTest
class AdminBrowserTest {

    private static final String TASK = "browser-probe";

    @TestHTTPResource("/")
    URL base;

    @Inject
    TaskCatalogueSync sync;

    @TempDir
    Path tmp;

    private Path out;
    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        out = Path.of("target/admin-pages").toAbsolutePath();
        browser = dev.mledojo.testing.Chromium.start("AdminBrowserTest", tmp.resolve("chromium-profile"), out);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void an_admin_uploads_an_archive_and_watches_the_preparation_reach_reviewed_live() throws IOException {
        ProbeTasks.define(sync, tmp.resolve("tasks"), TASK);
        Path archive = tmp.resolve("raw.zip");
        Files.write(archive, ProbeTasks.rawArchive(20_000));

        browser.get(base + "login");
        browser.findElement(By.name("j_username")).sendKeys("admin");
        browser.findElement(By.name("j_password")).sendKeys("admin");
        browser.findElement(By.cssSelector("form.login button[type=submit]")).click();
        waitFor(() -> browser.getPageSource().contains("Signed in as <strong>admin</strong>"), "signed in as admin");
        assertThat(browser.findElements(By.cssSelector("header a[href='/admin']"))).hasSize(1);

        browser.get(base + "admin?q=" + TASK);
        WebElement row = browser.findElement(By.id("task-" + TASK));
        row.findElement(By.cssSelector("details.import summary")).click();
        WebElement form = row.findElement(By.cssSelector("form[action='/admin/tasks/" + TASK + "/data']"));
        form.findElement(By.name("file")).sendKeys(archive.toString());
        screenshot("admin-import.png");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        waitFor(() -> browser.getCurrentUrl().endsWith("/admin/tasks/" + TASK + "/preparation"), "the preparation page");
        assertThat(browser.findElement(By.cssSelector("p.flash")).getText()).contains("raw.zip was accepted");
        // a mark on this page: still there at the end shows that the page changed in place, without a reload
        ((JavascriptExecutor) browser).executeScript("window.dojoSamePage = true;");
        waitFor(() -> "reviewed".equals(browser.findElement(By.id("state")).getText()), "the state 'reviewed'");
        screenshot("preparation-reviewed.png");

        assertThat(((JavascriptExecutor) browser).executeScript("return window.dojoSamePage === true;")).isEqualTo(true);
        assertThat(Integer.parseInt(browser.findElement(By.id("preparation")).getAttribute("data-received")))
                .as("events received over SSE").isGreaterThan(0);
        assertThat(browser.findElement(By.id("progress")).getAttribute("value")).isEqualTo("1");
        assertThat(browser.findElement(By.id("checks")).getText()).contains("answers-score-perfectly")
                .contains("split-disjoint-and-complete").doesNotContain("failed");
    }

    private void screenshot(String name) {
        dev.mledojo.testing.Chromium.screenshot(browser, out, name);
    }

    private void waitFor(Callable<Boolean> condition, String what) {
        try {
            await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            screenshot("failed-" + what.replaceAll("[^a-zA-Z]+", "-") + ".png");
            throw new AssertionError("waited for " + what + "; browser at " + browser.getCurrentUrl(), e);
        }
    }
}
