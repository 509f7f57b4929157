package dev.mledojo.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Python's {@code str.split()} and {@code str.lower()} semantics for the text and ranking metrics. */
public final class PyStrings {

    private static final String[] EMPTY = new String[0];

    private PyStrings() {
    }

    /**
     * Compares strings the way Python does (by code point), which differs from Java's UTF-16 order above U+FFFF.
     */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Python's {@code str.isspace()} for one code point (Unicode whitespace, including NBSP and U+0085). */
    public static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** Python's {@code s.split()}: runs of Unicode whitespace separate tokens; no empty tokens. */
    public static String[] split(String s) {
        return split(s, Integer.MAX_VALUE);
    }

    /** The first {@code limit} tokens of {@code s.split()} (Python's {@code s.split()[:limit]}). */
    public static String[] split(String s, int limit) {
        int n = s.length();
        List<String> out = null;
        String first = null;
        int count = 0;
        int i = 0;
        while (i < n && count < limit) {
            while (i < n) {
                int cp = s.codePointAt(i);
                if (!isSpace(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n) {
                int cp = s.codePointAt(i);
                if (isSpace(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            String token = s.substring(start, i);
            if (count == 0) {
                first = token;
            } else {
                if (out == null) {
                    out = new ArrayList<>();
                    out.add(first);
                }
                out.add(token);
            }
            count++;
        }
        if (count == 0) {
            return EMPTY;
        }
        if (count == 1) {
            return new String[] {first};
        }
        return out.toArray(EMPTY);
    }

    /** Python's {@code str.lower()} (full Unicode lower-case mapping, locale independent). */
    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Python's {@code str.strip()} without arguments. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end) {
            int cp = s.codePointAt(start);
            if (!isSpace(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = s.codePointBefore(end);
            if (!isSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(start, end);
    }
}
