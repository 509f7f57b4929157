package dev.mledojo.metric;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr}/{@code str} of numbers, so that ids and labels stringify exactly as the reference graders do.
 *
 * <p>The digits are computed here, not taken from {@link Double#toString}: Java promises the shortest round-trip
 * digits only from JDK 19 (JDK-4511638), and JDK 17 sometimes prints more digits than Python does.
 */
public final class PyFormat {

    private static final MathContext HALF_EVEN_15 = new MathContext(15, RoundingMode.HALF_EVEN);
    private static final MathContext[] DOWN = new MathContext[18];
    private static final MathContext[] UP = new MathContext[18];

    static {
        for (int p = 1; p <= 17; p++) {
            DOWN[p] = new MathContext(p, RoundingMode.DOWN);
            UP[p] = new MathContext(p, RoundingMode.UP);
        }
    }

    private PyFormat() {
    }

    /**
     * From JDK 19 {@link Double#toString} gives the shortest round-trip digits, the nearest of them to the exact
     * value (JDK-4511638), so for normal doubles it is taken as is; only its 2-digit minimum differs from Python, and
     * that bites subnormals alone (4.9E-324 vs 5e-324).
     */
    static final boolean JDK_SHORTEST = Runtime.version().feature() >= 19;

    /** {@code repr(float(x))}: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16. */
    public static String repr(double x) {
        return repr(x, JDK_SHORTEST);
    }

    /** {@link #repr(double)}, computing the digits here whatever the JDK when {@code trustJdk} is false (tests). */
    static String repr(double x, boolean trustJdk) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        StringBuilder digits = new StringBuilder(24);
        int exponent = shortestDigits(Math.abs(x), digits, trustJdk); // decimal exponent of the first digit
        String sign = x < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits.toString() : digits.charAt(0) + "." + digits.substring(1);
            String exp = Math.abs(exponent) < 10 ? "0" + Math.abs(exponent) : Integer.toString(Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        if (exponent < 0) {
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        if (digits.length() <= exponent + 1) {
            return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
        }
        return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }

    /**
     * Writes the significant digits of the shortest round-trip decimal of {@code ax} (finite, positive; no leading or
     * trailing zeros) into {@code out} and returns the decimal exponent of the first digit.
     *
     * <p>Fast path: a normal double has at most one decimal of 15 or fewer significant digits that reads back as it
     * (15-digit decimals are sparser than doubles: DBL_DIG), so when {@link Double#toString}'s digits, which always
     * read back, are 15 or fewer they are the answer on any JDK. Otherwise (16-17 digits, where JDK 17 may print more
     * than needed, or a subnormal) {@link #shortest} decides exactly, unless {@code trustJdk} (JDK 19+).
     */
    static int shortestDigits(double ax, StringBuilder out, boolean trustJdk) {
        if (ax >= Double.MIN_NORMAL) {
            int exponent = toStringDigits(ax, out);
            if (trustJdk || out.length() <= 15) {
                return exponent;
            }
            out.setLength(0);
        }
        BigDecimal d = (ax >= Double.MIN_NORMAL ? shortestNormal(ax) : shortest(ax)).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        out.append(digits);
        return digits.length() - 1 - d.scale();
    }

    /** The significant digits of {@code Double.toString(ax)} (no leading/trailing zeros) and the first one's exponent. */
    private static int toStringDigits(double ax, StringBuilder out) {
        String t = Double.toString(ax);
        int e = t.indexOf('E');
        int exp10 = e < 0 ? 0 : Integer.parseInt(t.substring(e + 1));
        int end = e < 0 ? t.length() : e;
        int point = t.indexOf('.');
        int firstNonZero = -1;
        int intDigitsBeforeFirst = 0; // position of the first significant digit relative to the point
        for (int i = 0; i < end; i++) {
            char c = t.charAt(i);
            if (c == '.') {
                continue;
            }
            if (firstNonZero < 0) {
                if (c == '0') {
                    continue;
                }
                firstNonZero = i;
                intDigitsBeforeFirst = i < point ? point - i - 1 : -(i - point);
            }
            out.append(c);
        }
        int len = out.length();
        while (len > 1 && out.charAt(len - 1) == '0') {
            len--;
        }
        out.setLength(len);
        return intDigitsBeforeFirst + exp10;
    }

    /**
     * {@link #shortest} for a normal double, cheaper: a decimal of 15 or fewer digits that reads back as {@code x} is
     * unique (DBL_DIG), so it is {@code x} rounded to 15 digits if any; otherwise the answer has 16 or 17 digits.
     */
    static BigDecimal shortestNormal(double x) {
        BigDecimal exact = new BigDecimal(x);
        BigDecimal r15 = exact.round(HALF_EVEN_15);
        if (Double.parseDouble(r15.toString()) == x) {
            return r15;
        }
        BigDecimal r16 = pick(exact, x, 16);
        return r16 != null ? r16 : pick(exact, x, 17);
    }

    /**
     * The shortest decimal that reads back as {@code x} (finite, positive), and of those the nearest to {@code x},
     * as Python's {@code repr} (David Gay's dtoa, mode 0) chooses.
     *
     * <p>At {@code p} significant digits only the two neighbours of the exact binary value (truncated and rounded
     * up) can read back as {@code x}. Whether one does is monotone in {@code p} (a p-digit neighbour lies between the
     * (p+1)-digit neighbour on its side and {@code x}, inside the round-trip interval), so the smallest {@code p} is
     * found by bisection over 1..17 (17 digits always round-trip).
     */
    static BigDecimal shortest(double x) {
        BigDecimal exact = new BigDecimal(x);
        int lo = 1;
        int hi = 17;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pick(exact, x, mid) != null) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        BigDecimal best = pick(exact, x, lo);
        return best != null ? best : exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }

    /** The p-digit neighbour of {@code exact} that reads back as {@code x} (the nearer one if both do), or null. */
    private static BigDecimal pick(BigDecimal exact, double x, int p) {
        BigDecimal down = exact.round(DOWN[p]);
        if (down.compareTo(exact) == 0) {
            return down; // x has at most p significant digits
        }
        BigDecimal up = exact.round(UP[p]);
        boolean downOk = Double.parseDouble(down.toString()) == x;
        boolean upOk = Double.parseDouble(up.toString()) == x;
        if (downOk && upOk) {
            int c = exact.subtract(down).compareTo(up.subtract(exact));
            if (c != 0) {
                return c < 0 ? down : up;
            }
            return down.unscaledValue().testBit(0) ? up : down; // a tie goes to the even last digit
        }
        return downOk ? down : upOk ? up : null;
    }
}
