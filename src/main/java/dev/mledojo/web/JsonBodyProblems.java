package dev.mledojo.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * The 400 problem of a JSON request body that could not be read: {@code invalid-json} when it is not JSON or beyond
 * the reader's limits, {@code invalid-body} when it is JSON of the wrong shape. The detail says where (a dotted path,
 * and an RFC 6901 {@code pointer} member) and what was expected, in the API's words rather than Java's; nothing of the
 * platform's classes reaches the client.
 */
final class JsonBodyProblems {

    private static final Pattern ENUM_VALUES = Pattern.compile("accepted for Enum class: \\[([^\\]]*)\\]");
    private static final Pattern TOKEN = Pattern.compile("token `JsonToken\\.([A-Z_]+)`");
    private static final int MAX_QUOTED = 60;

    private JsonBodyProblems() {
    }

    /** A body that is not JSON, JSON beyond the reader's limits (nesting, number or text length), or of the wrong shape. */
    static Problem unreadable(JsonProcessingException e, String path) {
        StreamConstraintsException beyond = ProblemMappers.cause(e, StreamConstraintsException.class);
        if (beyond != null) {
            StreamReadConstraints limits = beyond.getProcessor() instanceof JsonParser p ? p.streamReadConstraints()
                    : StreamReadConstraints.defaults();
            return Problem.of(400, "invalid-json", "Invalid JSON", "The request body is beyond the JSON reader's limits: "
                    + "at most " + limits.getMaxNestingDepth() + " levels of nesting, numbers of at most "
                    + limits.getMaxNumberLength() + " digits, texts of at most " + limits.getMaxStringLength()
                    + " characters.", path, null);
        }
        MismatchedInputException mismatch = ProblemMappers.cause(e, MismatchedInputException.class);
        if (mismatch != null) {
            return mismatched(mismatch, path);
        }
        InputCoercionException range = ProblemMappers.cause(e, InputCoercionException.class);
        if (range != null) { // a number too large for its field (Jackson's message names the range)
            List<JsonMappingException.Reference> refs = e instanceof JsonMappingException j ? j.getPath() : List.of();
            String field = dotted(refs);
            return Problem.of(400, "invalid-body", "Invalid request body", "The request body has a number out of range"
                    + (field.isEmpty() ? "" : " at '" + field + "'") + ": " + reason(range) + ".", path,
                    Map.of("pointer", pointer(refs)));
        }
        StreamReadException syntax = ProblemMappers.cause(e, StreamReadException.class);
        if (syntax == null && e instanceof DatabindException d) {
            return invalid(d, path);
        }
        JsonProcessingException at = syntax != null ? syntax : e;
        return Problem.of(400, "invalid-json", "Invalid JSON", "The request body is not valid JSON" + where(at) + ": "
                + reason(at) + ".", path, null);
    }

    /** JSON of the wrong shape: a value of another type than the field's, or not one of its allowed values. */
    static Problem mismatched(MismatchedInputException e, String path) {
        String field = dotted(e.getPath());
        String expected = expected(e);
        String got = e instanceof InvalidFormatException f && f.getValue() != null ? quoted(f.getValue()) : describe(token(e));
        String detail = "The request body does not have the expected shape: "
                + (field.isEmpty() ? "the body" : "'" + field + "'") + " must be " + expected
                + (got == null ? "" : ", not " + got) + ".";
        return Problem.of(400, "invalid-body", "Invalid request body", detail, path,
                Map.of("pointer", pointer(e.getPath())));
    }

    /** JSON of the right types whose value a constructor refused (the cause's message stays on the server). */
    private static Problem invalid(DatabindException e, String path) {
        List<JsonMappingException.Reference> refs = e instanceof JsonMappingException j ? j.getPath() : List.of();
        String field = dotted(refs);
        return Problem.of(400, "invalid-body", "Invalid request body", "The request body has a value that is not "
                + "allowed" + (field.isEmpty() ? "" : " at '" + field + "'") + ".", path, Map.of("pointer", pointer(refs)));
    }

    private static String expected(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        if (type == null) {
            return "something else";
        }
        if (type.isEnum()) {
            Matcher m = ENUM_VALUES.matcher(String.valueOf(e.getOriginalMessage()));
            return m.find() ? "one of " + m.group(1) : "one of the documented values";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "text";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class
                || type == BigDecimal.class || type == Number.class) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** The token Jackson found instead: named in its message (the parser may be closed by now), else the parser's. */
    private static JsonToken token(MismatchedInputException e) {
        Matcher m = TOKEN.matcher(String.valueOf(e.getOriginalMessage()));
        if (m.find()) {
            try {
                return JsonToken.valueOf(m.group(1));
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }
        return e.getProcessor() instanceof JsonParser p ? p.currentToken() : null;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT, FIELD_NAME -> "an object";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            default -> null;
        };
    }

    /** {@code suite.tasks[0]}: the field names and indices down to the value. */
    private static String dotted(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ProblemMappers.printable(r.getFieldName()));
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** RFC 6901: {@code /suite/tasks/0}, the empty string for the whole body. */
    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                out.append('/').append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (r.getIndex() >= 0) {
                out.append('/').append(r.getIndex());
            }
        }
        return out.toString();
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** Jackson's own reason, without the source excerpt it may append. */
    private static String reason(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int marker = message.indexOf(" (start marker at");
        return ProblemMappers.printable(marker < 0 ? message : message.substring(0, marker)).strip();
    }

    private static String quoted(Object value) {
        String text = ProblemMappers.printable(String.valueOf(value));
        return "\"" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text) + "\"";
    }
}
