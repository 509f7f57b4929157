package dev.mledojo.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error of the domain that the caller can act on: a kind (not found, conflict, ...), a stable slug that names the
 * problem ({@code unknown-task}, {@code step-in-progress}, ...), a message written for the person or agent that made
 * the call, and optional details (e.g. {@code retryAfterSeconds}). Domain code throws these and never knows HTTP; the
 * web edge turns them into problem JSON or an error page.
 */
public abstract sealed class DomainException extends RuntimeException {

    /** The detail that names the request field at fault, see {@link #onField(String)}. */
    public static final String FIELD = "field";

    private final String slug;
    private final Map<String, Object> details = new LinkedHashMap<>();
    private String title;

    DomainException(String slug, String message, String title) {
        super(message);
        if (slug == null || !slug.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("a problem slug is lower-case words joined by '-', got '" + slug + "'");
        }
        this.slug = slug;
        this.title = title;
    }

    /** The problem's stable name, e.g. {@code unknown-task}. */
    public String slug() {
        return slug;
    }

    /** A short summary of the problem for people. */
    public String title() {
        return title;
    }

    /** Extra members the caller can use, e.g. {@code kind} or {@code retryAfterSeconds}. */
    public Map<String, Object> details() {
        return Map.copyOf(details);
    }

    /** Adds a detail member (before the exception is thrown). */
    public DomainException with(String key, Object value) {
        details.put(key, value);
        return this;
    }

    /**
     * Names the request field at fault ({@code name}, {@code config.base_url}, {@code budget.max_steps}, ...) in the
     * {@value #FIELD} detail: problem JSON carries it, and a form shows the message next to that field.
     */
    public DomainException onField(String field) {
        return with(FIELD, field);
    }

    /** Adds several detail members. */
    public DomainException withAll(Map<String, ?> more) {
        if (more != null) {
            details.putAll(more);
        }
        return this;
    }

    /** Replaces the generic title with a more specific one, e.g. "Archive rejected". */
    public DomainException titled(String specific) {
        this.title = specific;
        return this;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a user's mistake, not a bug: no stack trace to build or log
    }

    public static Invalid invalid(String slug, String message) {
        return new Invalid(slug, message);
    }

    public static NotFound notFound(String slug, String message) {
        return new NotFound(slug, message);
    }

    public static Conflict conflict(String slug, String message) {
        return new Conflict(slug, message);
    }

    public static Forbidden forbidden(String slug, String message) {
        return new Forbidden(slug, message);
    }

    /** A quota or rate limit is used up; {@code retryAfterSeconds} when the caller can tell when it frees up. */
    public static QuotaExceeded quotaExceeded(String slug, String message, Long retryAfterSeconds) {
        QuotaExceeded e = new QuotaExceeded(slug, message, retryAfterSeconds);
        if (retryAfterSeconds != null) {
            e.with("retryAfterSeconds", retryAfterSeconds);
        }
        return e;
    }

    public static BudgetExhausted budgetExhausted(String slug, String message) {
        return new BudgetExhausted(slug, message);
    }

    public static UpstreamFailed upstreamFailed(String slug, String message) {
        return new UpstreamFailed(slug, message);
    }

    /** The request itself is wrong (a missing field, a bad value, an unreadable file). */
    public static final class Invalid extends DomainException {
        Invalid(String slug, String message) {
            super(slug, message, "Bad request");
        }
    }

    /** What the request names does not exist (or is not visible to the caller). */
    public static final class NotFound extends DomainException {
        NotFound(String slug, String message) {
            super(slug, message, "Not found");
        }
    }

    /** The request is valid but clashes with the current state (a closed episode, a step in progress, a duplicate). */
    public static final class Conflict extends DomainException {
        Conflict(String slug, String message) {
            super(slug, message, "Conflict");
        }
    }

    /** The caller is known but may not do this. */
    public static final class Forbidden extends DomainException {
        Forbidden(String slug, String message) {
            super(slug, message, "Forbidden");
        }
    }

    /** A quota or a rate limit is used up. */
    public static final class QuotaExceeded extends DomainException {
        private final Long retryAfterSeconds;

        QuotaExceeded(String slug, String message, Long retryAfterSeconds) {
            super(slug, message, "Quota exceeded");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** When the caller may try again, if known. */
        public Long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** An episode's budget (steps, wall time, tokens, cost) is used up. */
    public static final class BudgetExhausted extends DomainException {
        BudgetExhausted(String slug, String message) {
            super(slug, message, "Budget exhausted");
        }
    }

    /** A service the platform relies on (an LLM provider, Kaggle) failed; the caller's request was fine. */
    public static final class UpstreamFailed extends DomainException {
        UpstreamFailed(String slug, String message) {
            super(slug, message, "Upstream service failed");
        }
    }
}
