package dev.mledojo.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link PyFormat#repr} against Python 3's {@code repr(float)} (expected texts produced by CPython), on whatever JDK
 * runs the tests, and the JDK-independent path ({@code repr(x, false)}) on its own.
 */
class PyFormatTest {

    /** Hex bit patterns (Python's float.hex) and CPython's repr; the first eight are printed differently by JDK 17. */
    private static final String[][] PYTHON = {
        {"0x1.52d02c7e14af6p+76", "1e+23"},                  // JDK 17: 9.999999999999999E22
        {"0x1.52d02c7e14af6p+77", "2e+23"},                  // JDK 17: 1.9999999999999998E23
        {"0x0.0000000000001p-1022", "5e-324"},               // JDK 17 and 25: 4.9E-324
        {"0x0.000000000000ap-1022", "5e-323"},               // JDK 17 and 25: 4.9E-323
        {"0x1.671b6c16b224cp+57", "2.02159335380634e+17"},   // JDK 17: 2.02159335380633984E17
        {"0x1.1ceadfb0f4b50p+54", "2.004928496331501e+16"},  // JDK 17: 2.0049284963315008E16
        {"0x1.c18ccc203c196p+55", "6.326853644255557e+16"},  // JDK 17: 6.3268536442555568E16
        {"0x0.0000000000003p-1022", "1.5e-323"},
        {"0x1.0624dd2f1a9fcp-9", "0.002"},
        {"0x1.fffffffffffffp+1023", "1.7976931348623157e+308"},
        {"0x1.3333333333334p-2", "0.30000000000000004"},
        {"0x1.0000000000000p+53", "9007199254740992.0"},
        {"0x1.0000000000000p+63", "9.223372036854776e+18"},
        {"0x1.1c37937e08000p+53", "1e+16"},
        {"0x1.4f8b588e368f1p-17", "1e-05"},
        {"0x1.a36e2eb1c432dp-14", "0.0001"},
        {"0x1.0000000000000p-1022", "2.2250738585072014e-308"},
        {"0x1.091f1667f0595p-23", "1.2345678901234566e-07"},
        {"0x1.0f0cf064dd592p+73", "1e+22"},
        {"0x1.9000000000000p+6", "100.0"},
        {"0x1.b69b4ba630f35p+56", "1.2345678901234568e+17"},
        {"0x1.01f31f46ed246p-13", "0.000123"},
    };

    @Test
    void matchesCpythonOnKnownHardCases() {
        for (String[] c : PYTHON) {
            double x = Double.parseDouble(c[0]);
            assertThat(PyFormat.repr(x)).as(c[0]).isEqualTo(c[1]);
            assertThat(PyFormat.repr(x, false)).as(c[0]).isEqualTo(c[1]);
            assertThat(PyFormat.repr(-x, false)).as(c[0]).isEqualTo("-" + c[1]);
        }
        assertThat(PyFormat.repr(0.1 + 0.2, false)).isEqualTo("0.30000000000000004");
        assertThat(PyFormat.repr(9007199254740993.0, false)).isEqualTo("9007199254740992.0");
        assertThat(PyFormat.repr(-0.0, false)).isEqualTo("-0.0");
        assertThat(PyFormat.repr(Double.NaN, false)).isEqualTo("nan");
        assertThat(PyFormat.repr(Double.NEGATIVE_INFINITY, false)).isEqualTo("-inf");
    }

    @Test
    void shortestNearestRoundTripOnRandomDoubles() {
        SplittableRandom random = new SplittableRandom(20240612);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < 100_000; i++) {
            double x = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
                case 1 -> random.nextDouble();
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(-30, 31));
                default -> Double.longBitsToDouble(random.nextLong(0, 1L << 52)); // subnormals
            };
            if (!Double.isFinite(x) || x == 0) {
                continue;
            }
            String r = PyFormat.repr(x, false);
            String problem = check(x, r);
            if (problem == null && x >= Double.MIN_NORMAL && !PyFormat.repr(x).equals(r)) {
                problem = "the JDK shortcut prints " + PyFormat.repr(x); // where taken (JDK 19+), it agrees
            }
            if (problem != null && failures.size() < 10) {
                failures.add(Double.toHexString(x) + " -> " + r + ": " + problem);
            }
            checked++;
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThan(99_000);
    }

    /** Why {@code r} is not the shortest, nearest decimal that reads back as {@code x}, or null when it is. */
    private static String check(double x, String r) {
        if (Double.parseDouble(r) != x) {
            return "does not read back";
        }
        BigDecimal printed = new BigDecimal(r).stripTrailingZeros();
        int n = printed.precision();
        BigDecimal exact = new BigDecimal(x);
        // only the two neighbours of x with one digit fewer could read back as x; neither may
        if (n > 1 && (readsBack(exact.round(new MathContext(n - 1, RoundingMode.DOWN)), x)
                || readsBack(exact.round(new MathContext(n - 1, RoundingMode.UP)), x))) {
            return "a shorter decimal reads back";
        }
        // of the n-digit decimals that read back, the printed one is the nearest to x
        BigDecimal down = exact.round(new MathContext(n, RoundingMode.DOWN));
        BigDecimal up = exact.round(new MathContext(n, RoundingMode.UP));
        BigDecimal other = printed.compareTo(down) == 0 ? up : down;
        if (readsBack(other, x) && printed.subtract(exact).abs().compareTo(other.subtract(exact).abs()) > 0) {
            return "a nearer decimal of the same length reads back: " + other;
        }
        return null;
    }

    private static boolean readsBack(BigDecimal d, double x) {
        return Double.parseDouble(d.toString()) == x;
    }
}
