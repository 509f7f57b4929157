package dev.mledojo.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Every HTTP route of the application, taken from the OpenAPI document so that a new route cannot be forgotten, is
 * called as an anonymous visitor, a submitter, another submitter and an admin; each route's rule is declared once,
 * in {@link #RULES}.
 */
@QuarkusTest
class RouteAuthorizationTest {

    /** Who may use a route. */
    enum Rule {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** Any signed-in submitter or admin. */
        SIGNED_IN,
        /** Only the owner of the resource (or an admin); {id} is an episode owned by the submitter. */
        OWNER,
        /** Admins only. */
        ADMIN,
        /** Only an agent holding a running episode's token (see ExternalAgentTest); every user is refused. */
        EPISODE_TOKEN
    }

    static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        RULES.put("GET /", Rule.PUBLIC);
        RULES.put("GET /login", Rule.PUBLIC);
        RULES.put("GET /logout", Rule.PUBLIC);
        RULES.put("GET /admin/llm", Rule.ADMIN);
        RULES.put("POST /admin/llm/endpoints", Rule.ADMIN);
        RULES.put("POST /admin/llm/endpoints/remove", Rule.ADMIN);
        RULES.put("GET /signin", Rule.SIGNED_IN);
        RULES.put("GET /tasks", Rule.PUBLIC);
        RULES.put("GET /tasks/{id}", Rule.PUBLIC);
        RULES.put("GET /api/v1/tasks", Rule.PUBLIC);
        RULES.put("GET /api/v1/tasks/{id}", Rule.PUBLIC);
        RULES.put("GET /api/v1/tasks/{id}/data/{path}", Rule.PUBLIC);
        RULES.put("POST /api/v1/tasks/{id}/grade", Rule.ADMIN);
        RULES.put("POST /api/v1/episodes", Rule.SIGNED_IN);
        RULES.put("GET /api/v1/episodes/{id}", Rule.OWNER);
        RULES.put("DELETE /api/v1/episodes/{id}", Rule.OWNER);
        RULES.put("POST /api/v1/episodes/{id}/step", Rule.OWNER);
        RULES.put("GET /api/v1/episodes/{id}/history", Rule.OWNER);
        RULES.put("GET /api/v1/episodes/{id}/export/env_history.json", Rule.OWNER);
        RULES.put("GET /api/v1/episodes/{id}/export/agent_trajectory.json", Rule.OWNER);
        // live views: {id} of an episode stream is a closed episode of the submitter, so that its stream ends at once
        RULES.put("GET /api/v1/episodes/{id}/events", Rule.OWNER);
        RULES.put("GET /api/v1/submissions/{id}/events", Rule.SIGNED_IN);
        RULES.put("GET /episodes/{id}", Rule.OWNER);
        RULES.put("GET /submissions/{id}", Rule.SIGNED_IN);
        RULES.put("GET /me/submissions", Rule.SIGNED_IN);
        RULES.put("GET /me/agents", Rule.SIGNED_IN);
        RULES.put("POST /me/agents", Rule.SIGNED_IN);
        RULES.put("GET /me/agents/{name}", Rule.SIGNED_IN);
        RULES.put("POST /me/agents/{name}/versions", Rule.SIGNED_IN);
        RULES.put("GET /me/submissions/new", Rule.SIGNED_IN);
        RULES.put("POST /me/submissions/new", Rule.SIGNED_IN);
        RULES.put("GET /api/v1/me", Rule.SIGNED_IN);
        RULES.put("GET /api/v1/me/tokens", Rule.SIGNED_IN);
        RULES.put("POST /api/v1/me/tokens", Rule.SIGNED_IN);
        RULES.put("DELETE /api/v1/me/tokens/{id}", Rule.SIGNED_IN);
        RULES.put("GET /api/v1/admin/users", Rule.ADMIN);
        RULES.put("PUT /api/v1/admin/users/{name}/quota", Rule.ADMIN);
        RULES.put("PUT /api/v1/admin/users/{name}/external-agents", Rule.ADMIN);
        RULES.put("DELETE /api/v1/admin/users/{name}/external-agents", Rule.ADMIN);
        RULES.put("POST /api/v1/admin/tasks/{id}/retire", Rule.ADMIN);
        RULES.put("POST /api/v1/admin/tasks/{id}/activate", Rule.ADMIN);
        RULES.put("POST /api/v1/admin/tasks", Rule.ADMIN);
        RULES.put("PUT /api/v1/admin/tasks/{id}/leaderboard/{board}", Rule.ADMIN);
        RULES.put("POST /api/v1/admin/tasks/{id}/data", Rule.ADMIN);
        RULES.put("POST /api/v1/admin/tasks/{id}/import/kaggle", Rule.ADMIN);
        RULES.put("GET /api/v1/admin/tasks/{id}/preparation", Rule.ADMIN);
        RULES.put("GET /leaderboard", Rule.PUBLIC);
        RULES.put("GET /leaderboard/domains", Rule.PUBLIC);
        RULES.put("GET /leaderboard/pairwise", Rule.PUBLIC);
        RULES.put("GET /leaderboard/cost", Rule.PUBLIC);
        RULES.put("GET /paper", Rule.PUBLIC);
        RULES.put("GET /compare", Rule.PUBLIC);
        RULES.put("GET /agents/{owner}/{name}", Rule.PUBLIC);
        RULES.put("GET /api/v1/leaderboards", Rule.PUBLIC);
        RULES.put("GET /api/v1/leaderboards/{scope}", Rule.PUBLIC);
        RULES.put("GET /api/v1/leaderboards/{scope}/pairwise", Rule.PUBLIC);
        RULES.put("GET /api/v1/leaderboards/compare", Rule.PUBLIC);
        RULES.put("GET /api/v1/leaderboards/domains", Rule.PUBLIC);
        RULES.put("GET /api/v1/leaderboards/agents/{owner}/{name}", Rule.PUBLIC);
        RULES.put("GET /methodology", Rule.PUBLIC);
        RULES.put("GET /client/python", Rule.PUBLIC);
        RULES.put("GET /client/python/{file}", Rule.PUBLIC);
        RULES.put("GET /api/v1/leaderboards/tasks/{id}", Rule.PUBLIC);
        RULES.put("GET /api/v1/leaderboards/tasks/{id}/distribution", Rule.PUBLIC);
        RULES.put("POST /api/v1/leaderboards/rebuild", Rule.ADMIN);
        RULES.put("GET /api/v1/agents", Rule.SIGNED_IN);
        RULES.put("POST /api/v1/agents", Rule.SIGNED_IN);
        RULES.put("GET /api/v1/agents/{name}", Rule.SIGNED_IN);
        RULES.put("POST /api/v1/agents/{name}/versions", Rule.SIGNED_IN);
        RULES.put("POST /api/v1/submissions", Rule.SIGNED_IN);
        RULES.put("GET /api/v1/submissions/{id}", Rule.SIGNED_IN);
        RULES.put("DELETE /api/v1/submissions/{id}", Rule.SIGNED_IN);
        RULES.put("POST /api/v1/admin/submissions/{id}/rerun", Rule.ADMIN);
        RULES.put("GET /api/v1/admin/kaggle", Rule.ADMIN);
        RULES.put("PUT /api/v1/admin/kaggle", Rule.ADMIN);
        RULES.put("DELETE /api/v1/admin/kaggle", Rule.ADMIN);
        RULES.put("POST /api/v1/llm/v1/chat/completions", Rule.EPISODE_TOKEN);
        RULES.put("GET /api/v1/runner/episodes/{id}/spec", Rule.EPISODE_TOKEN);
        RULES.put("GET /api/v1/runner/episodes/{id}/data/{name}", Rule.EPISODE_TOKEN);
        RULES.put("POST /api/v1/runner/episodes/{id}/begin", Rule.EPISODE_TOKEN);
        RULES.put("POST /api/v1/runner/episodes/{id}/heartbeat", Rule.EPISODE_TOKEN);
        RULES.put("PUT /api/v1/runner/episodes/{id}/uploads/{sha256}", Rule.EPISODE_TOKEN);
        RULES.put("POST /api/v1/runner/episodes/{id}/steps", Rule.EPISODE_TOKEN);
        RULES.put("POST /api/v1/runner/episodes/{id}/end", Rule.EPISODE_TOKEN);
        RULES.put("GET /api/v1/admin/audit", Rule.ADMIN);
        RULES.put("GET /api/v1/admin/audit.csv", Rule.ADMIN);
        // pages of the admin area and of the signed-in user (their forms need the CSRF token, see check())
        RULES.put("GET /admin", Rule.ADMIN);
        RULES.put("POST /admin/tasks", Rule.ADMIN);
        RULES.put("POST /admin/tasks/{id}/activate", Rule.ADMIN);
        RULES.put("POST /admin/tasks/{id}/retire", Rule.ADMIN);
        RULES.put("POST /admin/tasks/{id}/data", Rule.ADMIN);
        RULES.put("POST /admin/tasks/{id}/import/kaggle", Rule.ADMIN);
        RULES.put("POST /admin/boards", Rule.ADMIN);
        RULES.put("GET /admin/tasks/{id}/preparation", Rule.ADMIN);
        RULES.put("GET /admin/tasks/{id}/preparation/events", Rule.ADMIN);
        RULES.put("GET /admin/users", Rule.ADMIN);
        RULES.put("POST /admin/users/{name}/quota", Rule.ADMIN);
        RULES.put("GET /admin/audit", Rule.ADMIN);
        // datasets: the leaderboard's visibility (anyone gets public agents); {id} is an unknown submission here
        RULES.put("GET /api/v1/datasets/count", Rule.PUBLIC);
        RULES.put("GET /api/v1/datasets/{format}", Rule.PUBLIC);
        RULES.put("GET /api/v1/datasets/agents/{owner}/{name}/count", Rule.PUBLIC);
        RULES.put("GET /api/v1/datasets/agents/{owner}/{name}/{format}", Rule.PUBLIC);
        RULES.put("GET /api/v1/datasets/submissions/{id}/count", Rule.PUBLIC);
        RULES.put("GET /api/v1/datasets/submissions/{id}/{format}", Rule.PUBLIC);
        RULES.put("GET /datasets", Rule.SIGNED_IN);
        RULES.put("GET /me/tokens", Rule.SIGNED_IN);
        RULES.put("POST /me/tokens", Rule.SIGNED_IN);
        RULES.put("POST /me/tokens/{id}/revoke", Rule.SIGNED_IN);
    }

    /** A well-formed CSRF token (16 random bytes, base64url), sent as cookie and header by page form posts. */
    static final String CSRF = "AAAAAAAAAAAAAAAAAAAAAA";

    /** Routes whose body is a multipart form, and the body type of the others (filled in by {@link #routes()}). */
    static final java.util.Set<String> MULTIPART = new java.util.HashSet<>();
    static final Map<String, String> BODY_TYPE = new java.util.HashMap<>();

    /** The routes the OpenAPI document lists, as "METHOD /path". */
    @SuppressWarnings("unchecked")
    static List<String> routes() {
        JsonPath openapi = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        List<String> routes = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((m, op) -> {
            if (List.of("get", "post", "put", "delete", "patch").contains(m)) {
                String route = m.toUpperCase() + " " + path;
                routes.add(route);
                Object body = ((Map<String, Object>) op).get("requestBody");
                if (body != null && String.valueOf(body).contains("multipart/form-data")) {
                    MULTIPART.add(route);
                } else if (body instanceof Map<?, ?> b && b.get("content") instanceof Map<?, ?> content
                        && !content.isEmpty()) {
                    BODY_TYPE.put(route, String.valueOf(content.keySet().iterator().next()));
                }
            }
        }));
        return routes;
    }

    @Test
    void every_route_has_a_declared_rule() {
        List<String> routes = routes();
        assertThat(routes).hasSizeGreaterThan(20);
        assertThat(RULES.keySet()).as("routes without a rule in RULES").containsAll(routes);
        assertThat(routes).as("rules of routes that no longer exist").containsAll(RULES.keySet());
    }

    @Test
    void each_route_enforces_its_rule_for_every_kind_of_caller() {
        String demoEpisode = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("task", "practice-tabular-binary")).post("/api/v1/episodes").then().statusCode(201)
                .extract().jsonPath().getString("id");
        String closedEpisode = given().auth().preemptive().basic("demo", "demo").contentType(ContentType.JSON)
                .body(Map.of("task", "practice-tabular-binary")).post("/api/v1/episodes").then().statusCode(201)
                .extract().jsonPath().getString("id");
        given().auth().preemptive().basic("demo", "demo").delete("/api/v1/episodes/" + closedEpisode).then().statusCode(200);
        List<String> failures = new ArrayList<>();
        for (String route : routes()) {
            Rule rule = RULES.get(route);
            if (rule == null) {
                continue; // reported by every_route_has_a_declared_rule
            }
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1)
                    .replace("{id}", route.contains("/episodes/") ? (route.endsWith("/events") ? closedEpisode : demoEpisode)
                            : route.contains("/me/tokens/") || route.contains("/submissions/") ? "999999"
                                    : route.contains("/admin/tasks/") ? "no-such-task"
                                    : "practice-tabular-binary")
                    .replace("{path}", "sample_submission.csv").replace("{name}", "nobody-here").replace("{board}", "public")
                    .replace("{scope}", "overall").replace("{owner}", "demo").replace("{format}", "sft.jsonl")
                    .replace("{sha256}", "0".repeat(64))
                    .replace("{file}", dev.mledojo.client.PythonClientResource.wheelFileName());
            check(failures, route, method, path, null, rule);
            check(failures, route, method, path, "demo", rule);
            check(failures, route, method, path, "carol", rule);
            check(failures, route, method, path, "admin", rule);
        }
        given().auth().preemptive().basic("demo", "demo").delete("/api/v1/episodes/" + demoEpisode);
        assertThat(failures).isEmpty();
    }

    private static void check(List<String> failures, String route, String method, String path, String user, Rule rule) {
        RequestSpecification request = given().redirects().follow(false);
        if (user != null) {
            request = request.auth().preemptive().basic(user, user);
        }
        boolean page = !path.startsWith("/api/");
        if (page && !method.equals("GET")) {
            // a page form carries the CSRF token (double submit: cookie + field/header); this test is about roles
            request = request.cookie("csrf-token", CSRF).header("X-CSRF-Token", CSRF);
        }
        if (page && method.equals("POST") && !MULTIPART.contains(route)) {
            request = request.contentType(ContentType.URLENC).formParam("csrf-token", CSRF);
        } else if (MULTIPART.contains(route)) {
            request = request.multiPart("file", "empty.csv", new byte[0], "text/csv");
        } else if (BODY_TYPE.getOrDefault(route, "application/json").contains("csv")) {
            request = request.contentType("text/csv").body("rank,score\n1,0.5\n");
        } else if (BODY_TYPE.getOrDefault(route, "").contains("octet-stream")) {
            request = request.contentType("application/octet-stream").body(new byte[] {1});
        } else if (!method.equals("GET") && !method.equals("DELETE")) {
            request = request.contentType(ContentType.JSON).body("{}");
        }
        if (route.startsWith("DELETE /api/v1/episodes/")) {
            return; // closing is exercised by the Gym tests; here it would end the episode the other checks use
        }
        io.restassured.response.Response response = request.request(method, path);
        int status = response.getStatusCode();
        boolean toSignIn = (status == 302 || status == 303) && String.valueOf(response.getHeader("Location")).contains("/login");
        boolean denied = status == 401 || status == 403 || (status == 302 && user == null) || (toSignIn && user == null);
        boolean expectAllowed = switch (rule) {
            case PUBLIC -> true;
            case SIGNED_IN -> user != null;
            case OWNER -> "demo".equals(user) || "admin".equals(user);
            case ADMIN -> "admin".equals(user);
            case EPISODE_TOKEN -> false;
        };
        if (expectAllowed == denied || status >= 500) {
            failures.add(route + " as " + (user == null ? "anonymous" : user) + " (" + rule + ") → " + status);
        }
    }
}
