package dev.mledojo.gym;

import java.util.Map;
import java.util.Optional;

/** Typed access to an action's params; a wrong type is an {@code invalid_params} error the agent can fix. */
public final class Params {

    private Params() {
    }

    /** Thrown inside actions and turned into an error observation by the environment. */
    public static final class Invalid extends RuntimeException {
        private final String kind;

        public Invalid(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public String kind() {
            return kind;
        }
    }

    public static Optional<String> string(Map<String, Object> params, String name) {
        Object v = params.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw new Invalid("invalid_params", "Parameter '" + name + "' must be a string, got " + typeOf(v) + ".");
        }
        return Optional.of(s);
    }

    public static String requiredString(Map<String, Object> params, String name, String example) {
        String s = string(params, name).orElse("");
        if (s.isBlank()) {
            throw new Invalid("invalid_params", "Parameter '" + name + "' is required and must not be empty, e.g. "
                    + example + ".");
        }
        return s;
    }

    private static String typeOf(Object v) {
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof java.util.List) {
            return "a list";
        }
        return v.getClass().getSimpleName();
    }
}
