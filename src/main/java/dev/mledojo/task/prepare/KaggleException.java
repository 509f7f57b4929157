package dev.mledojo.task.prepare;

/** A failed Kaggle download, typed by what the admin has to do about it. */
public final class KaggleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** 401: the username or API key is wrong. */
        UNAUTHORIZED,
        /** 403: the account has not accepted the competition's rules, or may not download its data. */
        FORBIDDEN,
        /** 404: no competition with that slug (or its data is not downloadable). */
        NOT_FOUND,
        /** 429: too many requests; try again later. */
        RATE_LIMITED,
        /** 5xx: Kaggle or its storage failed; try again later. */
        SERVER_ERROR,
        /** The download is larger than the configured cap. */
        TOO_LARGE,
        /** The connection failed or timed out. */
        NETWORK,
        /** Anything else: an unexpected status, a redirect loop, a body that is not a zip archive. */
        UNEXPECTED
    }

    private final Kind kind;
    private final int status;

    public KaggleException(Kind kind, int status, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
    }

    public KaggleException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = -1;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status that caused it, or -1. */
    public int status() {
        return status;
    }

    /** True when trying again later may succeed (rate limit, server error, network). */
    public boolean retryable() {
        return kind == Kind.RATE_LIMITED || kind == Kind.SERVER_ERROR || kind == Kind.NETWORK;
    }
}
