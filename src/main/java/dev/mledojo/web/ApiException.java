package dev.mledojo.web;

import java.util.Map;

/** An error the API reports as RFC 9457 problem JSON: an HTTP status, a stable type slug and a human detail. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;

    public ApiException(int status, String type, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static ApiException badRequest(String type, String detail) {
        return new ApiException(400, type, "Bad request", detail, null);
    }

    public static ApiException notFound(String type, String detail) {
        return new ApiException(404, type, "Not found", detail, null);
    }

    public static ApiException conflict(String type, String detail) {
        return new ApiException(409, type, "Conflict", detail, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
