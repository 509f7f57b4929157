package dev.mledojo.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium for page tests. Without Chromium the test is skipped locally and fails under
 * {@code DOJO_CI=true}, so CI never skips silently.
 */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /**
     * @param test the test's name, for the messages
     * @param profile a fresh, empty folder for the browser profile
     * @param logs where chromedriver's log goes
     */
    public static WebDriver start(String test, Path profile, Path logs) throws IOException {
        return start(test, profile, logs, true);
    }

    /** As {@link #start(String, Path, Path)}, with JavaScript turned off when {@code javascript} is false. */
    public static WebDriver start(String test, Path profile, Path logs, boolean javascript) throws IOException {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            String what = "Chromium and ChromeDriver (Debian packages chromium, chromium-driver) at " + BINARY + ", " + DRIVER;
            if ("true".equalsIgnoreCase(System.getenv("DOJO_CI"))) {
                Assertions.fail(test + " needs " + what + " (DOJO_CI=true: a missing tool fails the build)");
            }
            Assumptions.abort(test + " skipped: no " + what);
        }
        Files.createDirectories(logs);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(profile), "--window-size=1280,1000");
        if (!javascript) {
            options.setExperimentalOption("prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withLogFile(logs.resolve("chromedriver.log").toFile()).build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return browser;
    }

    /** Saves what the browser shows as {@code dir/name} (a PNG), creating the folder. */
    public static void screenshot(WebDriver browser, Path dir, String name) {
        try {
            java.io.File png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(
                    org.openqa.selenium.OutputType.FILE);
            Files.createDirectories(dir);
            Files.copy(png.toPath(), dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
