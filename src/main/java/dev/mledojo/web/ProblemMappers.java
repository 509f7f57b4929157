package dev.mledojo.web;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.mledojo.error.DomainException;
import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.ScoringException;
import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every error into RFC 9457 problem JSON on {@code /api} and into a friendly page elsewhere; unexpected
 * errors are logged with an id and never leak internals.
 */
public class ProblemMappers {

    private final ErrorPages pages;

    public ProblemMappers(ErrorPages pages) {
        this.pages = pages;
    }

    @ServerExceptionMapper
    public Response domain(DomainException e, UriInfo uri, HttpHeaders headers) {
        return respond(uri, headers, Problem.of(status(e), e.slug(), e.title(), e.getMessage(), path(uri), e.details()));
    }

    /** The one place where a domain error gets its HTTP status. */
    public static int status(DomainException e) {
        if (e instanceof DomainException.Invalid) {
            return 400;
        } else if (e instanceof DomainException.Forbidden) {
            return 403;
        } else if (e instanceof DomainException.NotFound) {
            return 404;
        } else if (e instanceof DomainException.Conflict) {
            return 409;
        } else if (e instanceof DomainException.QuotaExceeded || e instanceof DomainException.BudgetExhausted) {
            return 429;
        } else if (e instanceof DomainException.UpstreamFailed) {
            return 502;
        }
        throw new IllegalStateException("a domain error without a status: " + e.getClass());
    }

    @ServerExceptionMapper
    public Response invalidSubmission(InvalidSubmissionException e, UriInfo uri, HttpHeaders headers) {
        return respond(uri, headers, Problem.of(400, "invalid-submission", e.kind().summary(), e.getMessage(), path(uri),
                Map.of("kind", e.kind().wireName())));
    }

    @ServerExceptionMapper
    public Response scoring(ScoringException e, UriInfo uri, HttpHeaders headers) {
        return respond(uri, headers, Problem.of(400, "evaluation-failed", "The submission could not be evaluated",
                e.getMessage(), path(uri), Map.of("kind", "evaluation_failed")));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri, HttpHeaders headers) {
        return respond(uri, headers, Problem.of(404, "not-found", "Not found",
                "There is nothing at " + path(uri) + ".", path(uri), null));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return respond(uri, headers, Problem.of(403, "forbidden", "Forbidden",
                "Your account may not use " + path(uri) + ".", path(uri), null));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri, HttpHeaders headers) {
        if (!isApi(path(uri))) {
            return Response.seeOther(java.net.URI.create("/login")).build();
        }
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", CHALLENGE)
                .entity(unauthorized(path(uri))).build();
    }

    /** The challenge of every API 401: Basic credentials or a bearer token. */
    static final String CHALLENGE = "Basic realm=\"mle-dojo\", Bearer realm=\"mle-dojo\"";

    /** The 401 problem, whether Quarkus REST or the security layer ({@link ApiChallenge}) refuses the call. */
    static Problem unauthorized(String path) {
        return signInRequired("", path);
    }

    /** The 401 problem of an API call whose credentials were sent and not accepted ({@link CredentialsRejection}). */
    static Problem rejected(String path) {
        return signInRequired("The credentials sent were not accepted (a wrong user name or password, or an unknown, "
                + "expired or revoked token). ", path);
    }

    /** The 401 problem of an API call whose Basic credentials are not Base64 of user:password ({@link ApiChallenge}). */
    static Problem malformedBasic(String path) {
        return signInRequired("The Authorization header is not valid HTTP Basic credentials (Base64 of user:password). ",
                path);
    }

    private static Problem signInRequired(String why, String path) {
        return Problem.of(401, "unauthorized", "Sign-in required", why + "Send HTTP Basic credentials or a personal "
                + "token (Authorization: Bearer mld_...) to use " + path + ".", path, null);
    }

    /** The first of {@code e} and its causes that is a {@code type}, or null. */
    static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** JSON of the wrong shape (before Quarkus' own mapper, whose answer has no body outside dev mode). */
    @ServerExceptionMapper
    public Response mismatchedBody(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return respond(uri, headers, JsonBodyProblems.mismatched(e, path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri, headers);
        }
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) { // the JSON body reader's refusal
            return respond(uri, headers, JsonBodyProblems.unreadable(json, path(uri)));
        }
        String detail = e instanceof NotAllowedException ? "This method is not allowed on " + path(uri) + "."
                : e.getMessage();
        return respond(uri, headers, Problem.of(status, "http-" + status,
                Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase(),
                detail, path(uri), null));
    }

    /**
     * A form body that RESTEasy's form parser cannot read (a broken percent-encoding such as a lone {@code %}, a
     * multipart Content-Type without its boundary) fails there with a runtime exception before any resource runs: the
     * client's mistake, 400 {@code invalid-form}. Any other runtime exception without a mapper of its own is unexpected.
     */
    @ServerExceptionMapper
    public Response runtime(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        String part = e instanceof UncheckedIOException ? null : formParserPart(e);
        if (part == null) {
            return unexpected(e, uri, headers);
        }
        String why = part.startsWith("FormEncoded")
                ? "it has a broken percent-encoding (a '%' must be followed by two hexadecimal digits)"
                : "it is not the multipart body its Content-Type announces (which must name the parts' boundary)";
        return respond(uri, headers, Problem.of(400, "invalid-form", "Invalid form",
                "The form's body cannot be read: " + why + ". Send the form again from its page.", path(uri), null));
    }

    private static final String FORM_PARSING = "org.jboss.resteasy.reactive.server.core.multipart.";

    /** The class of RESTEasy's form parsing that threw (simple name), or null when it was not thrown there. */
    static String formParserPart(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith(FORM_PARSING)) {
                return frame.getClassName().substring(FORM_PARSING.length());
            }
        }
        return null;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error %s on %s", id, path(uri));
        return respond(uri, headers, Problem.of(500, "internal", "Internal error",
                "Something went wrong on our side; quote error id " + id + " when reporting it.", path(uri),
                Map.of("errorId", id)));
    }

    private Response respond(UriInfo uri, HttpHeaders headers, Problem problem) {
        if (isApi(path(uri)) || !acceptsHtml(headers)) {
            Response.ResponseBuilder r = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
            Object retry = problem.extensions().get("retryAfterSeconds");
            if (retry != null) {
                r.header("Retry-After", retry);
            }
            return r.build();
        }
        return Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE).entity(pages.render(problem)).build();
    }

    static boolean isApi(String path) {
        return path.startsWith("/api/");
    }

    private static boolean acceptsHtml(HttpHeaders headers) {
        return asksForHtml(headers.getHeaderString(HttpHeaders.ACCEPT));
    }

    /**
     * Whether an Accept header asks for HTML by name ({@code text/html} or {@code text/*}, not {@code *}{@code /*}):
     * a browser. An element that cannot be read (e.g. {@code text/}) asks for nothing. The one rule for every answer
     * that is either a page or problem JSON (the mappers here, {@link ApiChallenge}).
     */
    static boolean asksForHtml(String accept) {
        if (accept == null) {
            return false;
        }
        for (String element : accept.split(",")) {
            try {
                MediaType type = MediaType.valueOf(element.strip());
                if (type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType()) {
                    return true;
                }
            } catch (IllegalArgumentException unreadable) {
                // not a media type: it asks for nothing
            }
        }
        return false;
    }

    /** The request's path for problems and logs, with control characters escaped (no forged log lines). */
    private static String path(UriInfo uri) {
        return printable("/" + uri.getPath().replaceFirst("^/", ""));
    }

    /** A client's text for a problem or a log: control characters escaped, at most 300 characters. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.length() > 300 ? out.substring(0, 300) + "…" : out.toString();
    }
}
