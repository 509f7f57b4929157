package dev.mledojo.task;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task's memory in the Kubernetes quantity notation task folders use ({@code 512Mi}, {@code 4Gi}, {@code 2G},
 * {@code 1e9}, {@code 1073741824}), read into bytes without a Kubernetes library, so the task format stays a pure core.
 */
public final class MemoryQuantity {

    private static final Pattern FORMAT = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\\d+)?");

    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")));

    private MemoryQuantity() {
    }

    /**
     * The quantity in whole bytes.
     *
     * @throws IllegalArgumentException when it is not a quantity, or not a whole number of bytes that fits a long
     */
    public static long bytes(String quantity) {
        Matcher m = quantity == null ? null : FORMAT.matcher(quantity.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + quantity + "' is not a quantity");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        BigDecimal amount;
        if (suffix == null) {
            amount = number;
        } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            amount = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        } else {
            amount = number.multiply(SUFFIXES.get(suffix));
        }
        try {
            return amount.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + quantity + "' is not a whole number of bytes", e);
        }
    }
}
