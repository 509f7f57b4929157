package dev.mledojo.web;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.files.FileOps;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Caps request bodies per route before anything reads them (hostile audit, finding 7: every route accepted the 600 MB
 * upload limit). Runs on the router right after Quarkus's own upload-limit handler: a declared {@code Content-Length}
 * over the route's cap is answered 413 with a problem at once (and the connection closed, nothing read); a body
 * without a length (chunked) gets the route's cap as Quarkus's per-request limit, which the REST layer counts while it
 * streams the body in and answers 413 when it is crossed. Only the file upload routes keep the large global limit.
 */
@ApplicationScoped
public class BodyLimits {

    /** The routes that take files: they keep {@code quarkus.http.limits.max-body-size}. */
    static final List<Route> UPLOADS = List.of(
            new Route(HttpMethod.POST, "/admin/tasks"),
            new Route(HttpMethod.POST, "/admin/tasks/[^/]+/data"),
            new Route(HttpMethod.POST, "/admin/boards"),
            new Route(HttpMethod.POST, "/api/v1/admin/tasks"),
            new Route(HttpMethod.POST, "/api/v1/admin/tasks/[^/]+/data"),
            new Route(HttpMethod.PUT, "/api/v1/admin/tasks/[^/]+/leaderboard/[^/]+"),
            new Route(HttpMethod.POST, "/api/v1/tasks/[^/]+/grade"),
            new Route(HttpMethod.PUT, "/api/v1/runner/episodes/[^/]+/uploads/[^/]+"));

    static final Route STEP = new Route(HttpMethod.POST, "/api/v1/episodes/[^/]+/step");

    static final List<Route> REPORTS = List.of(
            new Route(HttpMethod.POST, "/api/v1/runner/episodes/[^/]+/steps"),
            new Route(HttpMethod.POST, "/api/v1/llm/v1/chat/completions"));

    /** A method and a path pattern (the whole normalised path, without a trailing slash). */
    record Route(HttpMethod method, Pattern path) {
        Route(HttpMethod method, String regex) {
            this(method, Pattern.compile(regex));
        }

        boolean matches(HttpMethod m, String p) {
            return method.equals(m) && path.matcher(p).matches();
        }
    }

    private final HttpLimitsConfig config;
    private final ObjectMapper json;
    private final ErrorPages pages;

    public BodyLimits(HttpLimitsConfig config, ObjectMapper json, ErrorPages pages) {
        this.config = config;
        this.json = json;
        this.pages = pages;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::check);
    }

    /** The cap of a route in bytes, or -1 for an upload route (the global limit applies). */
    long capOf(HttpMethod method, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (UPLOADS.stream().anyMatch(r -> r.matches(method, p))) {
            return -1;
        }
        if (STEP.matches(method, p)) {
            return config.maxStepBytes().asLongValue();
        }
        if (REPORTS.stream().anyMatch(r -> r.matches(method, p))) {
            return config.maxReportBytes().asLongValue();
        }
        return config.maxJsonBytes().asLongValue();
    }

    private void check(RoutingContext rc) {
        String path = rc.normalizedPath();
        long cap = capOf(rc.request().method(), path);
        if (cap < 0) {
            rc.next();
            return;
        }
        String length = rc.request().getHeader("Content-Length");
        if (length == null) {
            // chunked (or no body): the REST layer counts the bytes against this per-request limit while it reads
            rc.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, cap);
            rc.next();
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            rc.next(); // the HTTP codec refuses a malformed length itself
            return;
        }
        if (declared > cap) {
            refuse(rc, path, declared, cap);
            return;
        }
        rc.next();
    }

    private void refuse(RoutingContext rc, String path, long declared, long cap) {
        Problem problem = Problem.of(413, "body-too-large", "Request body too large", "The request body is " + declared
                + " bytes; " + path + " accepts at most " + cap + " bytes (" + FileOps.bytes(cap) + "). Nothing was read.",
                path.length() > 300 ? path.substring(0, 300) : path, java.util.Map.of("limit", cap));
        String accept = rc.request().getHeader("Accept");
        boolean page = !ProblemMappers.isApi(path) && accept != null && accept.contains("text/html");
        String body;
        try {
            body = page ? pages.render(problem) : json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the body is not read: close the connection after the answer instead of draining it
        rc.response().setStatusCode(413).putHeader("Connection", "close")
                .putHeader("Content-Type", page ? "text/html;charset=UTF-8" : Problem.MEDIA_TYPE).end(body);
    }
}
