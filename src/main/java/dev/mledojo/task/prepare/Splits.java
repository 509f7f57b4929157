package dev.mledojo.task.prepare;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The deterministic row selections of the split patterns. Every shuffle is a Fisher-Yates pass driven by
 * {@code java.util.Random(seed)}, whose sequence the Java specification fixes, so a split is the same on every JVM.
 * A selection is a {@link BitSet} of row positions that go to the test set.
 */
final class Splits {

    private Splits() {
    }

    /** How many of {@code n} items a fraction selects: {@code round(n*f)}, keeping at least one item on each side. */
    static int testCount(int n, double fraction, String what) {
        if (n < 2) {
            throw new PreparationException("a split needs at least 2 " + what + ", found " + n);
        }
        int k = (int) Math.round(n * fraction);
        return Math.max(1, Math.min(n - 1, k));
    }

    /** Shuffles the rows with the seed and sends the tail ({@code round(n*f)} rows) to the test set. */
    static BitSet random(int n, double fraction, long seed) {
        int k = testCount(n, fraction, "rows");
        int[] order = permutation(n, new Random(seed));
        BitSet test = new BitSet(n);
        for (int i = n - k; i < n; i++) {
            test.set(order[i]);
        }
        return test;
    }

    /**
     * Like {@link #random} but per stratum: each stratum (sorted by value) gives its share, rounded by the largest
     * remainder so that the total is {@code round(n*f)}.
     */
    static BitSet stratified(String[] strata, double fraction, long seed) {
        int n = strata.length;
        int k = testCount(n, fraction, "rows");
        Map<String, List<Integer>> byStratum = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byStratum.computeIfAbsent(strata[i] == null ? "" : strata[i], s -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>(byStratum.values());
        int[] quota = new int[groups.size()];
        double[] remainder = new double[groups.size()];
        int assigned = 0;
        for (int g = 0; g < groups.size(); g++) {
            double exact = groups.get(g).size() * (double) k / n;
            quota[g] = (int) Math.floor(exact);
            remainder[g] = exact - quota[g];
            assigned += quota[g];
        }
        Integer[] byRemainder = new Integer[groups.size()];
        for (int g = 0; g < byRemainder.length; g++) {
            byRemainder[g] = g;
        }
        java.util.Arrays.sort(byRemainder, Comparator.<Integer>comparingDouble(g -> -remainder[g]).thenComparing(g -> g));
        for (int i = 0; assigned < k; i = (i + 1) % byRemainder.length) {
            int g = byRemainder[i];
            if (quota[g] < groups.get(g).size()) {
                quota[g]++;
                assigned++;
            }
        }
        Random random = new Random(seed);
        BitSet test = new BitSet(n);
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> rows = groups.get(g);
            int[] order = permutation(rows.size(), random);
            for (int i = rows.size() - quota[g]; i < rows.size(); i++) {
                test.set(rows.get(order[i]));
            }
        }
        return test;
    }

    /** Sorts the distinct groups, shuffles them with the seed and sends every row of the tail groups to the test set. */
    static BitSet groups(String[] group, double fraction, long seed) {
        List<String> distinct = new ArrayList<>(new java.util.TreeSet<>(java.util.Arrays.stream(group)
                .map(g -> g == null ? "" : g).toList()));
        int k = testCount(distinct.size(), fraction, "groups");
        int[] order = permutation(distinct.size(), new Random(seed));
        java.util.Set<String> testGroups = new java.util.HashSet<>();
        for (int i = distinct.size() - k; i < distinct.size(); i++) {
            testGroups.add(distinct.get(order[i]));
        }
        BitSet test = new BitSet(group.length);
        for (int i = 0; i < group.length; i++) {
            if (testGroups.contains(group[i] == null ? "" : group[i])) {
                test.set(i);
            }
        }
        return test;
    }

    /**
     * The latest share by time: rows are ordered by their time value and the last {@code round(m*f)} of the
     * {@code m} rows with a value go to the test set, together with every row sharing the boundary time (a time stamp
     * is never split). Values compare as numbers when all are numbers, as ISO dates/date-times when all parse, else as
     * text (with a warning). Rows without a time value stay in train (with a warning).
     */
    static BitSet time(String[] times, double fraction, String column, List<String> warnings) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            if (!missing(times[i])) {
                rows.add(i);
            }
        }
        if (rows.size() < times.length) {
            warnings.add((times.length - rows.size()) + " rows have no value in time column '" + column
                    + "'; they stay in train");
        }
        Comparator<Integer> byTime = comparator(times, rows, column, warnings);
        rows.sort(byTime.thenComparing(Comparator.naturalOrder()));
        int m = rows.size();
        int k = testCount(m, fraction, "rows with a time value");
        int boundary = rows.get(m - k);
        BitSet test = new BitSet(times.length);
        for (int i = 0; i < m; i++) {
            int row = rows.get(i);
            if (i >= m - k || byTime.compare(row, boundary) == 0) {
                test.set(row);
            }
        }
        if (test.cardinality() >= m) {
            throw new PreparationException("every row of time column '" + column
                    + "' has the same latest time; a time split needs at least two distinct times");
        }
        return test;
    }

    private static Comparator<Integer> comparator(String[] times, List<Integer> rows, String column,
            List<String> warnings) {
        boolean numbers = true;
        boolean dates = true;
        for (int r : rows) {
            String t = times[r].trim();
            if (numbers && number(t) == null) {
                numbers = false;
            }
            if (dates && dateKey(t) == null) {
                dates = false;
            }
            if (!numbers && !dates) {
                break;
            }
        }
        if (numbers) {
            return Comparator.comparing(r -> number(times[r].trim()));
        }
        if (dates) {
            return Comparator.comparing(r -> dateKey(times[r].trim()));
        }
        warnings.add("time column '" + column + "' holds neither numbers nor ISO dates; its values were ordered as text");
        return Comparator.comparing(r -> times[r]);
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An ISO date or date-time ({@code 2015-06-30}, {@code 2015-06-30 12:00:00}, {@code 2015-06-30T12:00}). */
    private static LocalDateTime dateKey(String s) {
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay();
            }
            return LocalDateTime.parse(s.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static boolean missing(String cell) {
        return cell == null || dev.mledojo.metric.Table.NA_TOKENS.contains(cell);
    }

    /** A Fisher-Yates permutation of {@code 0..n-1}. */
    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
