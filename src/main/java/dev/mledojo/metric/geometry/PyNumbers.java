package dev.mledojo.metric.geometry;

import java.util.regex.Pattern;

/** Python's {@code int(str)}, {@code float(str)}, {@code max(a, b)} and {@code min(a, b)} on the values these metrics read. */
final class PyNumbers {

    private static final Pattern INT = Pattern.compile("[+-]?[0-9](?:_?[0-9])*");
    private static final String DIGITS = "[0-9](?:_?[0-9])*";
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\." + DIGITS + ")(?:[eE][+-]?" + DIGITS + ")?");

    private PyNumbers() {
    }

    /**
     * {@code int(token)}: optionally signed decimal digits (underscores between digits allowed, as in Python).
     *
     * @throws CellFormatException when the token is not an integer or does not fit in 64 bits
     */
    static long parseInt(String token) {
        if (!INT.matcher(token).matches()) {
            throw new CellFormatException("value '" + shorten(token) + "' is not an integer");
        }
        try {
            return Long.parseLong(token.indexOf('_') >= 0 ? token.replace("_", "") : token);
        } catch (NumberFormatException e) {
            throw new CellFormatException("value '" + shorten(token) + "' is too large");
        }
    }

    /** Whether {@code int(token)} succeeds (any size). */
    static boolean isInt(String token) {
        return INT.matcher(token).matches();
    }

    /**
     * {@code float(token)}: decimal notation, {@code inf}/{@code infinity}/{@code nan} in any case and sign.
     *
     * @throws CellFormatException when Python would raise ValueError
     */
    static double parseFloat(String token) {
        String lower = token.toLowerCase(java.util.Locale.ROOT);
        String body = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        boolean negative = lower.startsWith("-");
        switch (body) {
            case "inf", "infinity":
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                break;
        }
        if (!FLOAT.matcher(token).matches()) {
            throw new CellFormatException("value '" + shorten(token) + "' is not a number");
        }
        return Double.parseDouble(token.indexOf('_') >= 0 ? token.replace("_", "") : token);
    }

    /** Python's {@code max(a, b)}: {@code b} only if {@code b > a} (so a NaN first argument wins). */
    static double max(double a, double b) {
        return b > a ? b : a;
    }

    /** Python's {@code min(a, b)}: {@code b} only if {@code b < a}. */
    static double min(double a, double b) {
        return b < a ? b : a;
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
