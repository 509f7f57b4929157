package dev.mledojo.error;

import java.util.List;
import java.util.Map;

/** Checks on text that must be storable (PostgreSQL refuses U+0000 in text and jsonb). */
public final class Text {

    private Text() {
    }

    /**
     * Refuses a value that carries a NUL character anywhere (strings, map keys and values, list items, nested).
     *
     * @param field the name of the value in the request, for the message (e.g. {@code params})
     * @throws DomainException.Invalid {@code invalid-characters} naming where the NUL is
     */
    public static void refuseNul(Object value, String field) {
        String where = nulAt(value, field);
        if (where != null) {
            throw DomainException.invalid("invalid-characters", where + " contains a NUL character (U+0000), which "
                    + "cannot be stored; remove it and send the request again.").titled("Invalid characters");
        }
    }

    private static String nulAt(Object value, String path) {
        if (value instanceof String s) {
            return s.indexOf('\0') >= 0 ? path : null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.indexOf('\0') >= 0) {
                    return path + " (a key)";
                }
                String inner = nulAt(e.getValue(), path + "." + key);
                if (inner != null) {
                    return inner;
                }
            }
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String inner = nulAt(list.get(i), path + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** The longest string stored as part of a step (program output is capped before, at the sandbox's limit). */
    public static final int MAX_STORED_CHARS = 1_200_000;

    /**
     * A copy of a JSON-like value (maps, lists, strings) with every NUL in its strings replaced by U+FFFD and every
     * string longer than {@link #MAX_STORED_CHARS} cut there, saying how much was left out.
     */
    @SuppressWarnings("unchecked")
    public static <T> T storableDeep(T value) {
        if (value instanceof String s) {
            String text = storable(s);
            if (text.length() > MAX_STORED_CHARS) {
                text = text.substring(0, MAX_STORED_CHARS) + String.format(java.util.Locale.ROOT,
                        "… (%,d more characters not stored)", text.length() - MAX_STORED_CHARS);
            }
            return (T) text;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k instanceof String ks ? storable(ks) : k, storableDeep(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(Text::storableDeep).toList();
        }
        return value;
    }

    /** The text with every NUL replaced by U+FFFD, so that program output can always be stored. */
    public static String storable(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    }
}
