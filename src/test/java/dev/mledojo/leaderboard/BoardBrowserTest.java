package dev.mledojo.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

import dev.mledojo.grading.Medal;
import dev.mledojo.task.TaskService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The board pages in Debian's Chromium on a constructed board (two public agents on two tasks): every page renders
 * its table and chart, the selectors work through the query string, links lead from the board to the agent, the
 * comparison and the runs; {@code /} and {@code /leaderboard} work with JavaScript turned off. Screenshots go to
 * {@code target/board-pages/}. Without Chromium the test is skipped, and fails when {@code DOJO_CI=true}.
 */
@QuarkusTest
class BoardBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path tmp;

    @Inject
    TaskService tasks;

    @Inject
    BoardProjector projector;

    private Path out;
    private WebDriver browser;
    private String strong;
    private String weak;

    @BeforeEach
    void board() {
        strong = BoardFixture.agent(tasks, "demo", "gbm", true, List.of(
                new BoardFixture.Run(BoardPagesTest.TABULAR, 0.9, 0.95, Medal.SILVER),
                new BoardFixture.Run(BoardPagesTest.TABULAR, 0.7, 0.9, Medal.NONE),
                new BoardFixture.Run(BoardPagesTest.NLP, 0.6, 0.8, Medal.NONE)));
        weak = BoardFixture.agent(tasks, "demo", "linear", true, List.of(
                new BoardFixture.Run(BoardPagesTest.TABULAR, 0.3, 0.6, Medal.NONE),
                new BoardFixture.Run(BoardPagesTest.NLP, 0.2, 0.5, Medal.NONE)));
        projector.project();
        await().atMost(Duration.ofSeconds(60)).until(() -> BoardPagesTest.json(null,
                "/api/v1/leaderboards/overall?limit=500").getList("rows.agent").containsAll(List.of(strong, weak)));
        out = Path.of("target/board-pages").toAbsolutePath();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void everyBoardPageInTheBrowser() throws IOException {
        browser = dev.mledojo.testing.Chromium.start("BoardBrowserTest", tmp.resolve("profile"), out);
        browser.get(base.toString());
        assertThat(browser.findElement(By.id("top")).getText()).contains(strong, weak);
        assertThat(browser.findElements(By.cssSelector("svg.forest"))).hasSize(1);
        screenshot("front.png");

        browser.findElement(By.linkText("Full leaderboard")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/leaderboard"));
        assertThat(browser.findElement(By.id("board")).getText()).contains(strong, weak, "verified run");
        assertThat(browser.findElements(By.cssSelector("#board svg.cibar"))).isNotEmpty();
        screenshot("leaderboard.png");

        // the selectors are a GET form: the view is in the URL
        new Select(browser.findElement(By.name("board"))).selectByVisibleText("NLP");
        new Select(browser.findElement(By.name("metric"))).selectByValue("elo");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().contains("board=domain%3Anlp") && browser.getCurrentUrl().contains("metric=elo"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("NLP leaderboard");
        List<String> order = browser.findElements(By.cssSelector("#board tbody tr td:nth-child(2) a")).stream()
                .map(WebElementText::of).toList();
        assertThat(order.indexOf(strong)).isLessThan(order.indexOf(weak)).isNotNegative();
        screenshot("leaderboard-nlp-by-elo.png");

        browser.get(base + "leaderboard?board=tag:mle-lite");
        assertThat(browser.findElement(By.id("board")).getText())
                .contains("reported by the MLE-Dojo paper (not run on this platform)", "Gemini-2.5-Pro");
        screenshot("leaderboard-mle-lite-with-paper.png");

        browser.get(base + "leaderboard/domains");
        assertThat(browser.findElement(By.id("domains")).getText()).contains(strong, "NLP");
        screenshot("domains.png");
        browser.get(base + "leaderboard/pairwise");
        assertThat(browser.findElement(By.id("winrate")).getText()).contains(strong);
        screenshot("pairwise.png");
        browser.get(base + "leaderboard/cost");
        assertThat(browser.findElements(By.cssSelector("svg.scatter circle.on-frontier"))).isNotEmpty();
        screenshot("cost.png");
        browser.get(base + "paper");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Reproducing MLE-Dojo");
        screenshot("paper.png");

        // from the board to the agent, from the agent to a run
        browser.get(base + "leaderboard");
        browser.findElement(By.linkText(strong)).click();
        waitFor(() -> browser.getCurrentUrl().contains("/agents/demo/" + strong));
        assertThat(browser.findElements(By.cssSelector("#tasks a[href='/tasks/" + BoardPagesTest.TABULAR + "']")))
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#tasks a[href^='/episodes/']"))).hasSize(3);
        screenshot("agent.png");

        browser.get(base + "compare?agents=demo/" + strong + ",demo/" + weak);
        assertThat(browser.findElement(By.id("pairs")).getText()).contains("2 / 0 / 0");
        assertThat(browser.findElements(By.cssSelector("svg.scatter"))).hasSize(1);
        screenshot("compare.png");

        browser.get(base + "tasks/" + BoardPagesTest.TABULAR);
        assertThat(browser.findElements(By.cssSelector("main svg"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("main a[href='/agents/demo/" + strong + "']"))).isNotEmpty();
        screenshot("task.png");

        browser.get(base + "methodology");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Bootstrap 95 % intervals", "AUP");
        screenshot("methodology.png");
    }

    @Test
    void theFrontPageAndTheBoardWorkWithoutJavaScript() throws IOException {
        browser = dev.mledojo.testing.Chromium.start("BoardBrowserTest", tmp.resolve("nojs"), out, false);
        assertThat(((JavascriptExecutorProbe) () -> browser).enabled()).isFalse();
        browser.get(base.toString());
        assertThat(browser.findElement(By.id("top")).getText()).contains(strong);
        assertThat(browser.findElement(By.cssSelector("svg.forest")).isDisplayed()).isTrue();
        screenshot("front-no-javascript.png");
        browser.get(base + "leaderboard");
        new Select(browser.findElement(By.name("board"))).selectByVisibleText("Tabular");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().contains("board=domain%3Atabular"));
        assertThat(browser.findElement(By.id("board")).getText()).contains(strong, weak);
        assertThat(browser.findElement(By.cssSelector("svg.forest")).isDisplayed()).isTrue();
        screenshot("leaderboard-no-javascript.png");
    }

    /** Whether scripts run in the page: a noscript-free probe through the DOM (no script can set it). */
    interface JavascriptExecutorProbe {
        WebDriver driver();

        default boolean enabled() {
            driver().get("data:text/html,<p id=x>off</p><script>document.getElementById('x').textContent='on'</script>");
            return driver().findElement(By.id("x")).getText().equals("on");
        }
    }

    /** The text of an element (a method reference that reads well in a stream). */
    static final class WebElementText {
        static String of(org.openqa.selenium.WebElement e) {
            return e.getText();
        }
    }

    private void screenshot(String name) {
        dev.mledojo.testing.Chromium.screenshot(browser, out, name);
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
    }
}
