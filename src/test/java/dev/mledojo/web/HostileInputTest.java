package dev.mledojo.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mledojo.episode.Episode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Hostile input on every route of the OpenAPI document (so that a new route is covered without being listed): each
 * path parameter, query parameter and header parameter in turn gets values a client could send by mistake or on
 * purpose (NUL, invalid percent-encoding, traversal, numbers out of range, long text, bidi and markup), and each
 * request body gets broken documents (not JSON, wrong shapes, deep nesting) and, derived from its schema, every field
 * in turn of the wrong type, holding NUL, too long or out of range; standard headers the routes may read (Accept,
 * Range, conditional requests, Content-Type) get malformed values too. The caller is an admin, who may use every route
 * but the runner's and the LLM gateway's (a submitter's refusals come before any parameter or body is read), an
 * episode's token on those, and, for the path variants of the routes open to anyone, an anonymous visitor.
 *
 * <p>No answer may be a server error; on the API every refusal is problem JSON whose {@code status} is the HTTP
 * status, and on pages a refusal is an HTML page. Path parameters of routes with a body are unknown names, so that no
 * variant can change a real task, board or user; the Gym step gets a real episode of this test's own user, whose
 * validation would otherwise never be reached (reads get a closed one, whose event stream ends at once). All failures
 * are reported together.
 */
@QuarkusTest
class HostileInputTest {

    /** This test's own users (application.properties), so that nothing it creates or counts touches another test. */
    static final String ADMIN = "fuzz-admin";
    static final String USER = "fuzz-user";
    /** The caller of the runner's routes and the LLM gateway: the token of {@link #tokenEpisode}. */
    static final String EPISODE_TOKEN = "episode token";

    /** A well-formed CSRF token, sent as cookie and header by page form posts so that the forms' own checks run. */
    static final String CSRF = "AAAAAAAAAAAAAAAAAAAAAA";

    /** Path segment and query values, as sent (percent-encoded where needed), within the request line limit. */
    static final List<String> URL_VALUES = List.of("a%00b", "..%2F..%2Fetc%2Fpasswd",
            "%F0%9F%92%A9%E2%80%AE%3Cscript%3E%27%3B--", "%FF%FE", "%25%20", "-1", "99999999999999999999", "NaN",
            "a".repeat(3000));

    /** Header values (headers cannot carry control characters past the HTTP codec). */
    static final List<String> HEADER_VALUES = List.of("-1", "abc", "99999999999999999999", "a".repeat(3000), "\u00e9",
            "%00", "");

    /** Whole bodies that are no valid document of any route. */
    static final List<byte[]> BROKEN_JSON = List.of(bytes(""), bytes("{"), bytes("null"), bytes("[]"), bytes("\"x\""),
            bytes("1e999999"), bytes("[".repeat(20_000) + "]".repeat(20_000)),
            bytes("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)), new byte[] {(byte) 0xff, (byte) 0xfe, 0, '{'},
            bytes("{\"a\": 1, \"a\": [2]}"), bytes("{\"x\": \"" + "a".repeat(900_000) + "\"}"));

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final RestAssuredConfig TIMEOUTS = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 60_000).setParam("http.connection.timeout", 10_000));

    record Param(String in, String name, String type) {
    }

    record Operation(String method, String path, List<Param> params, String bodyType, JsonNode bodySchema) {
        String route() {
            return method + " " + path;
        }

        boolean page() {
            return !path.startsWith("/api/");
        }
    }

    static JsonNode openapi;
    /** An open episode of {@link #USER} (for the step) and a closed one (for reads: its event stream ends at once). */
    static String episode;
    static String closed;
    /** An episode of {@link #USER} with a token, for the routes only an episode's token may use. */
    static String tokenEpisode;
    static String token;
    /** The application's port, kept for {@link #closeEpisodes} (RestAssured's is reset after each test). */
    static int port;

    @BeforeEach
    void setUp() throws Exception {
        if (token != null) {
            return; // once for all tests (RestAssured's port is only set from the first test on)
        }
        port = RestAssured.port;
        openapi = JSON.readTree(given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().asByteArray());
        // the admin signs in once (the account exists from then on) and gets no rate limit, so that every variant
        // reaches the code it aims at instead of a 429
        given().auth().preemptive().basic(ADMIN, ADMIN).get("/api/v1/me").then().statusCode(200);
        given().auth().preemptive().basic(ADMIN, ADMIN).contentType(ContentType.JSON)
                .body("{\"rate_limit_per_minute\": 0}").put("/api/v1/admin/users/" + ADMIN + "/quota").then()
                .statusCode(200);
        closed = newEpisode();
        given().auth().preemptive().basic(USER, USER).delete("/api/v1/episodes/" + closed).then().statusCode(200);
        episode = newEpisode();
        tokenEpisode = newEpisode();
        token = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(tokenEpisode).issueToken());
    }

    @AfterAll
    static void closeEpisodes() {
        for (String id : new String[] {episode, tokenEpisode}) {
            if (id != null) {
                given().port(port).auth().preemptive().basic(USER, USER).delete("/api/v1/episodes/" + id).then()
                        .statusCode(200);
            }
        }
    }

    /** Whether only an episode's token may use the route (the runner's routes, the LLM gateway). */
    static boolean tokenRoute(Operation op) {
        return op.path().startsWith("/api/v1/runner/") || op.path().startsWith("/api/v1/llm/");
    }

    /** Who calls the route in the variants: its token for the token routes, otherwise the admin. */
    static String caller(Operation op) {
        return tokenRoute(op) ? EPISODE_TOKEN : ADMIN;
    }

    static String newEpisode() {
        return given().auth().preemptive().basic(USER, USER).contentType(ContentType.JSON)
                .body("{\"task\": \"practice-tabular-binary\"}").post("/api/v1/episodes").then().statusCode(201)
                .extract().jsonPath().getString("id");
    }

    @Test
    void no_route_answers_a_hostile_url_with_a_server_error() {
        List<String> failures = new ArrayList<>();
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(100);
        int sent = 0;
        java.util.Set<String> open = new java.util.HashSet<>(); // routes an anonymous visitor may use
        for (Operation op : operations) {
            int status = withBody(op, given().redirects().follow(false)).request(op.method(), url(op, Map.of(), true))
                    .statusCode();
            if (status != 401 && status != 403 && status != 302) {
                open.add(op.route());
            }
        }
        for (Operation op : operations) {
            for (Param p : op.params()) {
                List<String> values = p.in().equals("header") ? HEADER_VALUES : URL_VALUES;
                for (String value : values) {
                    // the admin reaches every route's code (a submitter's refusals happen before any parameter is
                    // read); an anonymous visitor the public routes' code, with paths only (queries are the same code)
                    boolean anonymous = p.in().equals("path") && open.contains(op.route());
                    for (String caller : anonymous ? new String[] {caller(op), null} : new String[] {caller(op)}) {
                        String url = url(op, p.in().equals("path") ? Map.of(p.name(), value) : Map.of(), true);
                        if (p.in().equals("query")) {
                            url += "?" + p.name() + "=" + value;
                        }
                        UnaryOperator<RequestSpecification> extra = p.in().equals("header")
                                ? r -> r.header(p.name(), value) : r -> r;
                        check(failures, op, p.in() + " " + p.name() + "=" + shown(value), caller, url,
                                r -> withBody(op, extra.apply(r)));
                        sent++;
                    }
                }
            }
        }
        assertThat(sent).isGreaterThan(1_000);
        assertThat(failures).as("hostile URLs answered wrongly").isEmpty();
    }

    @Test
    void no_route_answers_a_hostile_body_with_a_server_error() {
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Operation op : operations()) {
            if (op.bodyType() == null) {
                continue;
            }
            String url = url(op, Map.of(), false);
            Map<String, UnaryOperator<RequestSpecification>> variants = bodyVariants(op);
            for (Map.Entry<String, UnaryOperator<RequestSpecification>> v : variants.entrySet()) {
                check(failures, op, v.getKey(), caller(op), url, v.getValue());
                sent++;
            }
        }
        assertThat(sent).isGreaterThan(300);
        assertThat(failures).as("hostile bodies answered wrongly").isEmpty();
    }

    @Test
    void no_route_answers_hostile_standard_headers_with_a_server_error() {
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Operation op : operations()) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String accept : List.of("text/html;q=abc", "application/json;q=2", "*/*;;", "text/", "\u00e9/\u00e9")) {
                headers.put("Accept: " + accept, accept);
            }
            if (op.method().equals("GET")) {
                for (String range : List.of("bytes=5-1", "bytes=x", "bytes=-0", "bytes=0-99999999999999999999")) {
                    headers.put("Range: " + range, range);
                }
                headers.put("If-None-Match: \"x", "\"x");
                headers.put("If-None-Match: *", "*");
                headers.put("If-Modified-Since: yesterday", "yesterday");
            }
            if (op.bodyType() != null) {
                for (String type : List.of("application/json; charset=nope", "multipart/form-data; boundary=",
                        "multipart/form-data", "application/x-www-form-urlencoded", ";", "text/csv; charset=\"")) {
                    headers.put("Content-Type: " + type, type);
                }
            }
            String url = url(op, Map.of(), true);
            for (Map.Entry<String, String> h : headers.entrySet()) {
                String name = h.getKey().substring(0, h.getKey().indexOf(':'));
                boolean html = !name.equals("Accept"); // a page answers what the client accepts
                check(failures, op, h.getKey(), caller(op), url, name.equals("Content-Type")
                        ? r -> h.getValue().contains("urlencoded") ? r.contentType(h.getValue()).body("x=1")
                                : r.contentType(h.getValue()).body(bytes("x=1"))
                        : r -> withBody(op, r.header(name, h.getValue())), html);
                sent++;
            }
        }
        assertThat(sent).isGreaterThan(500);
        assertThat(failures).as("hostile standard headers answered wrongly").isEmpty();
    }

    /** The routes of the OpenAPI document with their parameters and the schema of their body. */
    static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        openapi.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(m -> {
            if (!List.of("get", "post", "put", "delete", "patch").contains(m.getKey())) {
                return;
            }
            JsonNode op = m.getValue();
            List<Param> params = new ArrayList<>();
            for (JsonNode p : op.path("parameters")) {
                params.add(new Param(p.get("in").asText(), p.get("name").asText(),
                        resolve(p.path("schema")).path("type").asText("string")));
            }
            String bodyType = null;
            JsonNode bodySchema = null;
            Iterator<Map.Entry<String, JsonNode>> content = op.path("requestBody").path("content").fields();
            if (content.hasNext()) {
                Map.Entry<String, JsonNode> first = content.next();
                bodyType = first.getKey();
                bodySchema = resolve(first.getValue().path("schema"));
            }
            operations.add(new Operation(m.getKey().toUpperCase(), path.getKey(), params, bodyType, bodySchema));
        }));
        return operations;
    }

    static JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            s = openapi.at(s.get("$ref").asText().substring(1));
        }
        return s;
    }

    /**
     * The route's URL with the given raw values for some path parameters; the others are unknown names (or, for
     * reads, names that exist, so that the query and header variants reach the code that reads them).
     */
    static String url(Operation op, Map<String, String> raw, boolean reads) {
        String url = op.path();
        for (Param p : op.params()) {
            if (!p.in().equals("path")) {
                continue;
            }
            String value = raw.get(p.name());
            if (value == null) {
                value = plausible(op, p, reads && op.method().equals("GET"));
            }
            url = url.replace("{" + p.name() + "}", value);
        }
        return url;
    }

    static String plausible(Operation op, Param p, boolean existing) {
        if (tokenRoute(op) && p.name().equals("id")) {
            return tokenEpisode; // its token opens only its own routes
        }
        if (op.path().startsWith("/api/v1/episodes/{id}") && op.method().equals("POST")) {
            return episode; // the step: its checks come after the episode is found
        }
        if (!existing) {
            return p.type().equals("integer") ? "1" : p.name().equals("sha256") ? "0".repeat(64) : "x";
        }
        return switch (p.name()) {
            case "scope" -> "overall";
            case "board" -> "public";
            case "format" -> "sft.jsonl";
            case "path" -> "sample_submission.csv";
            case "owner" -> "demo";
            case "sha256" -> "0".repeat(64);
            case "id" -> p.type().equals("integer") ? "1"
                    : op.path().contains("/episodes/") ? closed : "practice-tabular-binary";
            default -> "x";
        };
    }

    /** A body of the route's type that is valid enough to be read (an empty object, empty form, an empty file). */
    static RequestSpecification withBody(Operation op, RequestSpecification r) {
        if (op.bodyType() == null) {
            return r;
        }
        if (op.bodyType().startsWith("multipart/")) {
            return r.multiPart("file", "empty.csv", new byte[0], "text/csv");
        }
        if (op.bodyType().equals("application/x-www-form-urlencoded")) {
            return r.contentType(ContentType.URLENC).body("csrf-token=" + CSRF);
        }
        return r.contentType(op.bodyType()).body(op.bodyType().contains("json") ? bytes("{}") : new byte[0]);
    }

    /** Named body variants for a route. */
    static Map<String, UnaryOperator<RequestSpecification>> bodyVariants(Operation op) {
        Map<String, UnaryOperator<RequestSpecification>> variants = new LinkedHashMap<>();
        String type = op.bodyType();
        if (type.equals("application/json")) {
            for (byte[] broken : BROKEN_JSON) {
                variants.put("json " + shown(new String(broken, StandardCharsets.ISO_8859_1)),
                        r -> r.contentType(ContentType.JSON).body(broken));
            }
            variants.put("json as text/plain", r -> r.contentType(ContentType.TEXT).body("{}"));
            variants.put("json in latin-1", r -> r.contentType("application/json; charset=ISO-8859-1")
                    .body(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xe9, '"', '}'}));
            ObjectNode base = baseline(op.bodySchema(), 0);
            for (Map.Entry<String, JsonNode> field : fieldMutations(op.bodySchema(), base, "", 0).entrySet()) {
                String body = field.getValue().toString();
                variants.put("json " + field.getKey(), r -> r.contentType(ContentType.JSON).body(body));
            }
        } else if (type.equals("application/x-www-form-urlencoded")) {
            List<String> fields = new ArrayList<>();
            op.bodySchema().path("properties").fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                for (String value : URL_VALUES) {
                    StringBuilder form = new StringBuilder("csrf-token=" + CSRF);
                    for (String other : fields) {
                        form.append('&').append(other).append('=').append(other.equals(field) ? value : "x");
                    }
                    String body = form.toString();
                    variants.put("form " + field + "=" + shown(value),
                            r -> r.contentType(ContentType.URLENC).body(body));
                }
            }
            variants.put("form without its CSRF token", r -> r.contentType(ContentType.URLENC).body("name=x"));
            variants.put("form as JSON", r -> r.contentType(ContentType.JSON).body("{}"));
            variants.put("form of raw bytes", r -> r
                    .contentType("application/x-www-form-urlencoded; charset=ISO-8859-1")
                    .body("\u00ff=\u0000&&=%&csrf-token=" + CSRF));
        } else if (type.startsWith("multipart/")) {
            variants.put("file of NUL bytes", r -> r.multiPart("file", "x.zip", new byte[4096], "application/zip"));
            variants.put("file of text", r -> r.multiPart("file", "x.csv", bytes("id,x\n\"unclosed\n"), "text/csv"));
            variants.put("file with a hostile name",
                    r -> r.multiPart("file", "../../etc/passwd\u0000.csv", bytes("id\n1\n"), "text/csv"));
            variants.put("no file, a text field", r -> r.multiPart("file", "x"));
            variants.put("another field only", r -> r.multiPart("other", "x.csv", bytes("a"), "text/csv"));
            variants.put("multipart as JSON", r -> r.contentType(ContentType.JSON).body("{}"));
            variants.put("multipart without its boundary",
                    r -> r.contentType("multipart/form-data").body(bytes("--x\r\n\r\nbroken")));
        } else {
            variants.put("NUL bytes", r -> r.contentType(type).body(new byte[1024]));
            variants.put("unclosed quote", r -> r.contentType(type).body(bytes("rank,score\n\"1,0.5\n")));
            variants.put("5000 columns", r -> r.contentType(type).body(bytes("a,".repeat(5_000) + "\n")));
            variants.put("empty", r -> r.contentType(type).body(new byte[0]));
            variants.put("as JSON", r -> r.contentType(ContentType.JSON).body("{}"));
        }
        return variants;
    }

    /** An object with a plausible value in every field of the schema (text "x", number 1, empty lists and maps). */
    static ObjectNode baseline(JsonNode schema, int depth) {
        ObjectNode node = NODES.objectNode();
        schema.path("properties").fields().forEachRemaining(f -> node.set(f.getKey(), plausible(resolve(f.getValue()),
                depth)));
        return node;
    }

    static JsonNode plausible(JsonNode schema, int depth) {
        return switch (schema.path("type").asText("object")) {
            case "string" -> NODES.textNode("x");
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(0.5);
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> NODES.arrayNode();
            default -> depth < 3 ? baseline(schema, depth + 1) : NODES.objectNode();
        };
    }

    /** For each field (nested objects included), the baseline with that one field replaced by a hostile value. */
    static Map<String, JsonNode> fieldMutations(JsonNode schema, ObjectNode base, String prefix, int depth) {
        Map<String, JsonNode> mutations = new LinkedHashMap<>();
        schema.path("properties").fields().forEachRemaining(f -> {
            JsonNode fieldSchema = resolve(f.getValue());
            String name = prefix + f.getKey();
            for (Map.Entry<String, JsonNode> hostile : hostileValues(fieldSchema).entrySet()) {
                ObjectNode copy = base.deepCopy();
                copy.set(f.getKey(), hostile.getValue());
                mutations.put(name + " " + hostile.getKey(), copy);
            }
            if (fieldSchema.path("type").asText("object").equals("object") && fieldSchema.has("properties")
                    && depth < 3 && base.get(f.getKey()) instanceof ObjectNode inner) {
                fieldMutations(fieldSchema, inner, name + ".", depth + 1).forEach((k, v) -> {
                    ObjectNode copy = base.deepCopy();
                    copy.set(f.getKey(), v);
                    mutations.put(k, copy);
                });
            }
            JsonNode items = resolve(fieldSchema.path("items"));
            if (fieldSchema.path("type").asText().equals("array") && items.has("properties") && depth < 3) {
                fieldMutations(items, baseline(items, depth + 1), name + "[0].", depth + 1).forEach((k, v) -> {
                    ObjectNode copy = base.deepCopy();
                    copy.set(f.getKey(), NODES.arrayNode().add(v));
                    mutations.put(k, copy);
                });
            }
        });
        return mutations;
    }

    static Map<String, JsonNode> hostileValues(JsonNode schema) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        values.put("null", NODES.nullNode());
        switch (schema.path("type").asText("object")) {
            case "string" -> {
                values.put("number", NODES.numberNode(7));
                values.put("object", NODES.objectNode().put("a", 1));
                values.put("NUL", NODES.textNode("a\u0000b"));
                values.put("100k", NODES.textNode("a".repeat(100_000)));
                values.put("bidi", NODES.textNode("\u202e\ud83d\udca9<script>"));
                values.put("empty", NODES.textNode(""));
                values.put("blank", NODES.textNode(" \t\n"));
            }
            case "integer" -> {
                values.put("text", NODES.textNode("x"));
                values.put("-1", NODES.numberNode(-1));
                values.put("int overflow", NODES.numberNode(2_147_483_648L));
                values.put("long overflow", NODES.numberNode(new java.math.BigInteger("9223372036854775808")));
                values.put("fraction", NODES.numberNode(1.5));
                values.put("max", NODES.numberNode(Integer.MAX_VALUE));
            }
            case "number" -> {
                values.put("text", NODES.textNode("x"));
                values.put("NaN text", NODES.textNode("NaN"));
                values.put("huge", NODES.numberNode(1e308));
                values.put("-huge", NODES.numberNode(-1e308));
                values.put("-1", NODES.numberNode(-1));
            }
            case "boolean" -> values.put("text", NODES.textNode("yes"));
            case "array" -> {
                values.put("object", NODES.objectNode());
                values.put("100k items", bigArray());
                values.put("nested", NODES.arrayNode().add(NODES.arrayNode().add(NODES.arrayNode())));
                values.put("NUL item", NODES.arrayNode().add("a\u0000b"));
            }
            default -> {
                values.put("text", NODES.textNode("x"));
                values.put("array", NODES.arrayNode().add(1));
                values.put("NUL key", NODES.objectNode().put("\u0000", "\u0000"));
                values.put("deep", deepObject(200));
            }
        }
        return values;
    }

    static JsonNode bigArray() {
        var array = NODES.arrayNode();
        for (int i = 0; i < 100_000; i++) {
            array.add("x" + i);
        }
        return array;
    }

    static JsonNode deepObject(int depth) {
        ObjectNode root = NODES.objectNode();
        ObjectNode node = root;
        for (int i = 0; i < depth; i++) {
            node = node.putObject("a");
        }
        return root;
    }

    /** Sends one variant asking for HTML on pages, and records what is wrong with its answer. */
    static void check(List<String> failures, Operation op, String variant, String caller, String url,
            UnaryOperator<RequestSpecification> body) {
        check(failures, op, variant, caller, url, body, true);
    }

    /**
     * Sends one variant and records what is wrong with its answer; {@code html}: the request asks for HTML, as a
     * browser does, so that a page's refusal must be a page (otherwise it may be problem JSON).
     */
    static void check(List<String> failures, Operation op, String variant, String caller, String url,
            UnaryOperator<RequestSpecification> body, boolean html) {
        RequestSpecification r = given().config(TIMEOUTS).urlEncodingEnabled(false).redirects().follow(false);
        if (EPISODE_TOKEN.equals(caller)) {
            r = r.header("Authorization", "Bearer " + token);
        } else if (caller != null) {
            r = r.auth().preemptive().basic(caller, caller);
        }
        if (op.page()) {
            r = r.accept(ContentType.HTML); // as a browser asks (without it, pages answer problem JSON)
        }
        if (op.page() && !op.method().equals("GET")) {
            r = r.cookie("csrf-token", CSRF).header("X-CSRF-Token", CSRF);
        }
        String what = op.route() + " [" + variant + "] as " + (caller == null ? "anonymous" : caller);
        Response response;
        try {
            response = body.apply(r).request(op.method(), url);
        } catch (Exception e) {
            failures.add(what + " → no answer: " + e);
            return;
        }
        int status = response.statusCode();
        String type = String.valueOf(response.contentType());
        String text = status >= 400 ? response.asString() : "";
        if (status >= 500) {
            failures.add(what + " → " + status + " " + shown(text));
        } else if (status >= 400 && !op.page()) {
            if (!type.startsWith(Problem.MEDIA_TYPE)) {
                failures.add(what + " → " + status + " as " + type + ", not problem JSON: " + shown(text));
            } else if (!problemOf(text, status)) {
                failures.add(what + " → " + status + " with a problem that says otherwise: " + shown(text));
            }
        } else if (status >= 400 && !type.startsWith("text/html") && (html || !type.startsWith(Problem.MEDIA_TYPE))) {
            failures.add(what + " → " + status + " as " + type + ", not a page: " + shown(text));
        }
    }

    /** Whether the text is a problem of that status, with a title. */
    static boolean problemOf(String text, int status) {
        try {
            JsonNode problem = JSON.readTree(text);
            return problem.path("status").asInt() == status && problem.path("title").isTextual();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String shown(String s) {
        String flat = s.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 80 ? flat.substring(0, 80) + "…(" + s.length() + ")" : flat;
    }
}
