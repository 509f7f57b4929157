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
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Caps request bodies per route before anything reads them (hostile audit, finding 7: every route accepted the 600 MB
 * upload limit). Runs on the router right after Quarkus's own upload-limit handler: a declared {@code Content-Length}
 * over the route's cap is answered 413 with a problem at once (and the connection closed, nothing read); a body
 * without a length (chunked) is read here by Vert.x's body handler with the route's cap, which stops at the cap with
 * the same 413 (the REST layer then takes the body read here). Forms must declare their length (411 otherwise).
 * Only the file upload routes keep the large global limit.
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

    /** Methods whose requests carry no body here. */
    private static final java.util.Set<HttpMethod> BODILESS = java.util.Set.of(HttpMethod.GET, HttpMethod.HEAD,
            HttpMethod.OPTIONS, HttpMethod.TRACE);

    /** Where the cap of a chunked body is kept for the failure handler. */
    private static final String CAP = "dojo.body-cap";

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

    public BodyLimits(HttpLimitsConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::check).failureHandler(this::failed);
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
        HttpMethod method = rc.request().method();
        if (BODILESS.contains(method) || rc.request().isEnded()) {
            rc.next(); // no body to cap (an HTTP/2 GET has no length either: reading it here broke streamed answers)
            return;
        }
        long cap = capOf(method, path);
        if (cap < 0) {
            rc.next();
            return;
        }
        String length = rc.request().getHeader("Content-Length");
        if (length == null) {
            boolean streamed = rc.request().headers().contains("Transfer-Encoding")
                    || rc.request().version() == io.vertx.core.http.HttpVersion.HTTP_2;
            if (!streamed) {
                rc.next(); // HTTP/1.1 without a length or chunks: no body
                return;
            }
            String type = rc.request().getHeader("Content-Type");
            type = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
            if (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded")) {
                // forms are parsed by another reader than the body's: browsers always send their length
                respond(rc, path, 411, "length-required", "Length required", "Send forms to " + path + " with a "
                        + "Content-Length header; it accepts at most " + cap + " bytes.", cap);
                return;
            }
            // a body of unknown length (chunked): read here, stopped with 413 as soon as it passes the cap
            rc.put(CAP, cap);
            rc.put(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY, cap);
            BodyHandler.create(false).setBodyLimit(cap).handle(rc);
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
            refuse(rc, path, "is " + declared + " bytes", cap);
            return;
        }
        rc.next();
    }

    /** The body handler refused a chunked body over the cap (413); other failures go on to the usual handlers. */
    private void failed(RoutingContext rc) {
        Long cap = rc.get(CAP);
        if (rc.statusCode() == 413 && cap != null && !rc.response().headWritten()) {
            refuse(rc, rc.normalizedPath(), "went past the limit", cap);
            return;
        }
        if (cap != null && rc.response().ended()) {
            return; // the rest of a refused body arriving on the connection closed after the answer: nothing to do
        }
        rc.next();
    }

    private void refuse(RoutingContext rc, String path, String size, long cap) {
        respond(rc, path, 413, "body-too-large", "Request body too large", "The request body " + size + "; " + path
                + " accepts at most " + cap + " bytes (" + FileOps.bytes(cap) + "). It was not read further.", cap);
    }

    private void respond(RoutingContext rc, String path, int status, String slug, String title, String detail, long cap) {
        String instance = path.length() > 300 ? path.substring(0, 300) : path;
        Problem problem = Problem.of(status, slug, title, detail, instance, java.util.Map.of("limit", cap));
        String accept = rc.request().getHeader("Accept");
        boolean page = !ProblemMappers.isApi(path) && accept != null && accept.contains("text/html");
        String body;
        try {
            // a plain page: the site's layout needs the request scope, which is not active this early
            body = page ? "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html(title)
                    + "</title></head><body><h1>" + html(title) + "</h1><p>" + html(detail)
                    + "</p><p><a href=\"/tasks\">Back to the task catalogue</a></p></body></html>"
                    : json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the rest of the body is not read: close the connection after the answer instead of draining it
        rc.response().setStatusCode(status).putHeader("Connection", "close")
                .putHeader("Content-Type", page ? "text/html;charset=UTF-8" : Problem.MEDIA_TYPE)
                .endHandler(v -> rc.request().connection().close()).end(body);
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
