package dev.mledojo.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import dev.mledojo.testing.DatabaseTestResource;

/**
 * Keycloak sign-in end to end, with real parts only: the Keycloak distribution from Maven Central
 * ({@code org.keycloak:keycloak-quarkus-dist}, unpacked by Maven into {@code target/keycloak}) importing
 * {@code src/main/keycloak/mle-dojo-realm.json}; the packaged platform ({@code target/quarkus-app}) started in OIDC mode
 * with the environment variables the README documents; Debian's Chromium driven by Selenium through the
 * authorization-code flow. API tokens come from the same code flow (this test acting as the client, with PKCE), not from
 * a password grant: the realm keeps direct access grants off.
 *
 * <p>Without Chromium, the Keycloak distribution or a JDK 21+ for Keycloak the test is skipped, and fails when
 * {@code DOJO_CI=true}. Logs and screenshots go to {@code target/keycloak-it/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakIT {

    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("DOJO_CI"));
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String REALM = "mle-dojo";
    private static final String CLIENT = "mle-dojo";
    private static final Duration KEYCLOAK_START = Duration.ofMinutes(4);
    private static final Duration APP_START = Duration.ofMinutes(3);
    private static final Duration PAGE = Duration.ofSeconds(30);
    private static final String GRADE = "/api/v1/tasks/practice-tabular-binary/grade";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path out;
    private static Process keycloak;
    private static Process app;
    private static DatabaseTestResource database;
    private static WebDriver browser;
    private static HttpServer callback;
    private static Thread cleanupHook;
    private static CompletableFuture<Map<String, String>> callbackQuery;
    private static String clientSecret;
    private static String keycloakUrl;
    private static String appUrl;
    private static String callbackUri;
    private static byte[] sampleSubmission;

    // ---- setup -------------------------------------------------------------------------------------------------------

    @BeforeAll
    static void startKeycloakAndPlatform() throws Exception {
        Path keycloakHome = Path.of(System.getProperty("dojo.it.keycloak-dir", "target/keycloak/keycloak-26.7.3"));
        Path appJar = Path.of(System.getProperty("dojo.it.app-jar", "target/quarkus-app/quarkus-run.jar"));
        Path realmFile = Path.of(System.getProperty("dojo.it.realm", "src/main/keycloak/mle-dojo-realm.json"));
        need(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and ChromeDriver (Debian packages chromium, chromium-driver) at " + CHROMIUM + ", " + CHROMEDRIVER);
        need(Files.isRegularFile(keycloakHome.resolve("bin/kc.sh")),
                "the Keycloak distribution in " + keycloakHome + " (unpacked by ./mvnw verify, pre-integration-test)");
        need(Files.isRegularFile(appJar), "the packaged platform " + appJar + " (./mvnw verify packages it first)");
        Optional<Path> keycloakJava = javaForKeycloak();
        need(keycloakJava.isPresent(), "a JDK 21+ for Keycloak (KEYCLOAK_JAVA_HOME, or one under /usr/lib/jvm)");

        out = Path.of("target/keycloak-it").toAbsolutePath();
        Files.createDirectories(out);
        cleanupHook = new Thread(KeycloakIT::stopEverything, "keycloak-it-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);

        int keycloakPort = freePort();
        int appPort = freePort();
        keycloakUrl = "http://localhost:" + keycloakPort;
        appUrl = "http://localhost:" + appPort;
        startCallbackServer();

        // Keycloak: the project's realm, plus the redirect URIs of this run's ports
        ObjectNode realm = (ObjectNode) JSON.readTree(realmFile.toFile());
        ObjectNode client = findClient(realm);
        clientSecret = client.path("secret").asText();
        ArrayNode redirects = (ArrayNode) client.get("redirectUris");
        redirects.add(appUrl + "/*");
        redirects.add(callbackUri);
        Path importDir = keycloakHome.resolve("data/import");
        deleteTree(importDir);
        Files.createDirectories(importDir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(importDir.resolve(REALM + "-realm.json").toFile(), realm);
        ProcessBuilder kc = new ProcessBuilder("bash", keycloakHome.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + keycloakPort, "--http-management-port=" + freePort(), "--db=dev-mem", "--import-realm")
                .directory(keycloakHome.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("keycloak.log").toFile());
        kc.environment().put("JAVA_HOME", keycloakJava.get().toString());
        kc.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        long t0 = System.nanoTime();
        keycloak = kc.start();
        String discovery = keycloakUrl + "/realms/" + REALM + "/.well-known/openid-configuration";
        awaitUp("Keycloak", keycloak, discovery, KEYCLOAK_START, out.resolve("keycloak.log"));
        System.out.printf("KeycloakIT: Keycloak up in %.1f s on %s%n", seconds(t0), keycloakUrl);

        // the platform, packaged, in OIDC mode: the README's environment variables, its own database and data dir
        database = new DatabaseTestResource();
        Map<String, String> db = database.start();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        db.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + appPort);
        command.add("-jar");
        command.add(appJar.toAbsolutePath().toString());
        ProcessBuilder platform = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("platform.log").toFile());
        Map<String, String> env = platform.environment();
        env.put("DOJO_AUTH_MODE", "oidc");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloakUrl + "/realms/" + REALM);
        env.put("QUARKUS_OIDC_CLIENT_ID", CLIENT);
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", clientSecret);
        env.put("DOJO_TASKS_DIR", Path.of("tasks").toAbsolutePath().toString());
        env.remove("QUARKUS_DATASOURCE_JDBC_URL");
        long t1 = System.nanoTime();
        app = platform.start();
        awaitUp("the platform", app, appUrl + "/q/health/ready", APP_START, out.resolve("platform.log"));
        System.out.printf("KeycloakIT: platform up in %.1f s on %s (OIDC mode)%n", seconds(t1), appUrl);

        sampleSubmission = given().get(appUrl + "/api/v1/tasks/practice-tabular-binary/data/sample_submission.csv")
                .then().statusCode(200).extract().asByteArray();
        browser = chromium();
    }

    @AfterAll
    static void stop() {
        stopEverything();
        if (cleanupHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    // ---- the tests ---------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void alice_signs_in_through_keycloak_and_sees_her_name() {
        browser.get(appUrl + "/tasks");
        assertThat(browser.getPageSource()).contains("Task catalogue");
        browser.findElement(By.linkText("Sign in")).click();
        waitFor(() -> browser.getCurrentUrl().startsWith(keycloakUrl + "/realms/" + REALM + "/"), "the Keycloak sign-in page");
        screenshot("keycloak-sign-in.png");
        signInAtKeycloak("alice", "alice");
        waitFor(() -> browser.getCurrentUrl().startsWith(appUrl + "/tasks"), "back on the catalogue");
        waitFor(() -> browser.getPageSource().contains("Signed in as <strong>alice</strong>"), "alice's name in the header");
        assertThat(browser.findElement(By.cssSelector("header .who")).getText()).contains("alice").contains("Sign out");
        screenshot("alice-tasks.png");
    }

    @Test
    @Order(2)
    void alice_as_admin_grades_with_her_access_token() throws Exception {
        String token = accessTokenThroughCodeFlow(); // her Keycloak session from the sign-in above
        given().auth().oauth2(token).multiPart("file", "sample_submission.csv", sampleSubmission)
                .post(appUrl + GRADE).then().statusCode(200).body(containsString("score"));
        given().auth().oauth2(token).get(appUrl + "/api/v1/admin/users").then().statusCode(200);
        // the sign-in reached the user directory: the platform knows her by name
        given().auth().oauth2(token).get(appUrl + "/api/v1/me").then().statusCode(200).body(containsString("alice"));
    }

    @Test
    @Order(3)
    void sign_out_ends_the_platform_and_the_keycloak_session() {
        browser.get(appUrl + "/tasks");
        browser.findElement(By.linkText("Sign out")).click();
        waitFor(() -> browser.getCurrentUrl().startsWith(appUrl + "/tasks")
                && browser.getPageSource().contains("Sign in"), "signed out, back on the catalogue");
        assertThat(browser.getPageSource()).doesNotContain("Signed in as");
        browser.get(appUrl + "/signin");
        waitFor(() -> !browser.findElements(By.id("username")).isEmpty(), "Keycloak asks for a password again");
    }

    @Test
    @Order(4)
    void bob_is_a_submitter_and_is_refused_admin_endpoints() throws Exception {
        browser.get(appUrl + "/signin");
        signInAtKeycloak("bob", "bob");
        waitFor(() -> browser.getPageSource().contains("Signed in as <strong>bob</strong>"), "bob's name in the header");
        screenshot("bob-tasks.png");
        String token = accessTokenThroughCodeFlow();
        given().auth().oauth2(token).multiPart("file", "sample_submission.csv", sampleSubmission)
                .post(appUrl + GRADE).then().statusCode(403);
        given().auth().oauth2(token).get(appUrl + "/api/v1/admin/users").then().statusCode(403);
        given().auth().oauth2(token).get(appUrl + "/api/v1/admin/audit").then().statusCode(403);
        given().auth().oauth2(token).get(appUrl + "/api/v1/me").then().statusCode(200).body(containsString("bob"));
        // the admin pages too, in his signed-in browser
        browser.get(appUrl + "/admin");
        waitFor(() -> browser.getPageSource().contains("Forbidden") || browser.getPageSource().contains("may not"),
                "a refusal of /admin for bob");
        screenshot("bob-admin-refused.png");
        given().auth().oauth2(token).redirects().follow(false).get(appUrl + "/admin").then().statusCode(403);
    }

    @Test
    @Order(5)
    void built_in_accounts_and_forged_tokens_are_refused() {
        given().auth().preemptive().basic("admin", "admin").multiPart("file", "s.csv", sampleSubmission)
                .post(appUrl + GRADE).then().statusCode(401);
        given().auth().preemptive().basic("admin", "admin").get(appUrl + "/api/v1/me").then().statusCode(401);
        given().auth().preemptive().basic("demo", "demo").get(appUrl + "/api/v1/me").then().statusCode(401);
        given().redirects().follow(false).formParam("j_username", "admin").formParam("j_password", "admin")
                .post(appUrl + "/j_security_check").then().statusCode(302)
                .header("Location", containsString("/login?error=true"))
                .header("Set-Cookie", not(containsString("quarkus-credential=")));
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl").get(appUrl + "/api/v1/me")
                .then().statusCode(401);
        given().get(appUrl + "/api/v1/me").then().statusCode(401);
        given().get(appUrl + "/api/v1/tasks").then().statusCode(200);
        // the built-in sign-in form is not offered: /login leads to the Keycloak sign-in
        given().redirects().follow(false).get(appUrl + "/login").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/signin"));
    }

    // ---- the browser and the code flow -------------------------------------------------------------------------------

    private static void signInAtKeycloak(String user, String password) {
        waitFor(() -> !browser.findElements(By.id("username")).isEmpty(), "the Keycloak sign-in form");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }

    /**
     * An access token for whoever is signed in at Keycloak in the browser: the authorization-code flow with PKCE for the
     * platform's client, redirecting to this test's own callback, then the code exchanged with the client secret.
     */
    private static String accessTokenThroughCodeFlow() throws Exception {
        String verifier = random(48);
        String state = random(16);
        callbackQuery = new CompletableFuture<>();
        browser.get(keycloakUrl + "/realms/" + REALM + "/protocol/openid-connect/auth?" + form(Map.of(
                "response_type", "code", "client_id", CLIENT, "scope", "openid", "redirect_uri", callbackUri,
                "state", state, "code_challenge", s256(verifier), "code_challenge_method", "S256")));
        Map<String, String> query = callbackQuery.get(PAGE.toSeconds(), TimeUnit.SECONDS);
        assertThat(query).containsEntry("state", state).containsKey("code");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(keycloakUrl + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", query.get("code"), "redirect_uri", callbackUri, "client_id", CLIENT,
                        "client_secret", clientSecret, "code_verifier", verifier))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("token endpoint status").isEqualTo(200);
        JsonNode tokens = JSON.readTree(response.body());
        return tokens.get("access_token").asText();
    }

    private static void startCallbackServer() throws IOException {
        callback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        callback.createContext("/callback", exchange -> {
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
            byte[] body = "<html><body>KeycloakIT callback received.</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (callbackQuery != null) {
                callbackQuery.complete(query);
            }
        });
        callback.start();
        callbackUri = "http://localhost:" + callback.getAddress().getPort() + "/callback";
    }

    private static WebDriver chromium() throws IOException {
        Path profile = Files.createTempDirectory("keycloak-it-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(out.resolve("chromedriver.log").toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE);
        return driver;
    }

    private static void screenshot(String name) {
        try {
            File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition, String what) {
        try {
            await(what).atMost(PAGE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            screenshot("failed-" + what.replaceAll("[^a-zA-Z]+", "-") + ".png");
            throw new AssertionError("waited for " + what + "; browser at " + browser.getCurrentUrl(), e);
        }
    }

    // ---- processes ---------------------------------------------------------------------------------------------------

    private static void need(boolean present, String what) {
        if (!present) {
            if (CI) {
                Assertions.fail("KeycloakIT needs " + what + " (DOJO_CI=true: a missing tool fails the build)");
            }
            Assumptions.abort("KeycloakIT skipped: no " + what);
        }
    }

    private static void awaitUp(String what, Process process, String url, Duration limit, Path log) {
        try {
            await(what + " answering " + url).atMost(limit).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(what + " exited with " + process.exitValue());
                }
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            throw new AssertionError(what + " did not come up; last lines of " + log + ":\n" + tail(log, 40), e);
        }
    }

    private static synchronized void stopEverything() {
        if (browser != null) {
            try {
                browser.quit();
            } catch (RuntimeException e) {
                // the driver is gone already
            }
            browser = null;
        }
        app = stopProcess(app);
        keycloak = stopProcess(keycloak);
        if (database != null) {
            database.stop();
            database = null;
        }
        if (callback != null) {
            callback.stop(0);
            callback = null;
        }
    }

    private static Process stopProcess(Process process) {
        if (process == null) {
            return null;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        return null;
    }

    static Optional<Path> javaForKeycloak() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("KEYCLOAK_JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jvms.sorted(Comparator.reverseOrder()).forEach(candidates::add);
        } catch (IOException e) {
            // no system JDKs
        }
        return candidates.stream().filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> featureVersion(home) >= 21).findFirst();
    }

    private static int featureVersion(Path javaHome) {
        try {
            String release = Files.readString(javaHome.resolve("release"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(release);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    // ---- small helpers -----------------------------------------------------------------------------------------------

    private static ObjectNode findClient(ObjectNode realm) {
        for (JsonNode c : realm.get("clients")) {
            if (CLIENT.equals(c.path("clientId").asText())) {
                return (ObjectNode) c;
            }
        }
        throw new AssertionError("the realm file has no client " + CLIENT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String s256(String verifier) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
