package dev.mledojo.metric.classification;

import dev.mledojo.metric.ColumnType;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A label column typed the way pandas reads it and scikit-learn sees it: numbers (int, float, bool) compare by value,
 * text compares as text, and a text label never equals a number.
 */
final class LabelColumn {

    final String name;
    final ColumnType type;
    /** Numeric view (missing = NaN, bool = 1/0); null for text columns. */
    final double[] numbers;
    /** Raw cells for text columns ({@code null} = missing); null for numeric columns. */
    final String[] text;
    /** Exact values of an all-integer column whose values fit int64 (pandas int64); null otherwise. */
    final long[] longs;
    /** Exact values of an integer column with values beyond int64 (pandas uint64), canonical text; else null. */
    final String[] bigIntegers;

    private LabelColumn(String name, ColumnType type, double[] numbers, String[] text, long[] longs,
            String[] bigIntegers) {
        this.name = name;
        this.type = type;
        this.numbers = numbers;
        this.text = text;
        this.longs = longs;
        this.bigIntegers = bigIntegers;
    }

    static LabelColumn of(Table table, String column) {
        ColumnType type = table.type(column);
        if (type == ColumnType.TEXT) {
            return new LabelColumn(column, type, null, table.column(column), null, null);
        }
        double[] numbers = table.numbers(column);
        long[] longs = null;
        String[] bigIntegers = null;
        if (type == ColumnType.INTEGER) {
            longs = table.int64s(column); // read from the bytes: no text cells kept with cached answers
            if (longs == null) {
                String[] raw = table.column(column);
                bigIntegers = new String[raw.length];
                for (int i = 0; i < raw.length; i++) {
                    bigIntegers[i] = Table.integerText(raw[i]);
                }
            }
        }
        return new LabelColumn(column, type, numbers, null, longs, bigIntegers);
    }

    int size() {
        return numbers != null ? numbers.length : text.length;
    }

    boolean isText() {
        return type == ColumnType.TEXT;
    }

    /**
     * scikit-learn's {@code type_of_target} checks for a 1-D classification target: no NaN/inf, no non-integer floats
     * ("continuous"), no missing text labels.
     *
     * @throws ScoringException as the reference's evaluation failure
     */
    LabelColumn requireClassification() {
        if (isText()) {
            for (String s : text) {
                if (s == null) {
                    throw new ScoringException("Labels in column '" + name
                            + "' mix text and missing values (NaN); scikit-learn cannot sort them.");
                }
            }
            return this;
        }
        for (double v : numbers) {
            if (Double.isNaN(v)) {
                throw new ScoringException("Input " + name + " contains NaN.");
            }
            if (Double.isInfinite(v)) {
                throw new ScoringException("Input " + name + " contains infinity.");
            }
        }
        for (double v : numbers) {
            if (v != Math.rint(v)) {
                throw new ScoringException("Column '" + name + "' holds continuous values (e.g. " + v
                        + "); classification metrics can't handle continuous targets.");
            }
        }
        return this;
    }

    /** Number of distinct labels (assumes {@link #requireClassification()} passed). */
    int distinctCount() {
        if (isText()) {
            return new java.util.HashSet<>(Arrays.asList(text)).size();
        }
        double[] copy = numbers.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = Sorting.key(copy[i]);
        }
        Arrays.sort(copy);
        int d = 0;
        for (int i = 0; i < copy.length; i++) {
            if (i == 0 || copy[i] != copy[i - 1]) {
                d++;
            }
        }
        return d;
    }

    /** pandas/NumPy elementwise {@code ==} of row {@code i} here and row {@code j} of {@code other}: strictly typed. */
    boolean sameValue(int i, LabelColumn other, int j) {
        if (isText() != other.isText()) {
            return false;
        }
        if (isText()) {
            String a = text[i];
            return a != null && a.equals(other.text[j]);
        }
        if (longs != null && other.longs != null) {
            return longs[i] == other.longs[j];
        }
        if (exact(i) != null && other.exact(j) != null) {
            return exact(i).equals(other.exact(j)); // int64 vs uint64: NumPy 2 compares the integer values
        }
        return numbers[i] == other.numbers[j];
    }

    /** The canonical text of an integer value (int64 or uint64 column), else null. */
    private String exact(int i) {
        if (bigIntegers != null) {
            return bigIntegers[i];
        }
        return longs != null ? Long.toString(longs[i]) : null;
    }

    /** Labels of two columns encoded as indices into their sorted union (scikit-learn's {@code unique_labels}). */
    record Encoded(int[] truth, int[] pred, int labelCount) {
    }

    /**
     * Encodes truth and prediction over the sorted union of their labels.
     *
     * @throws ScoringException for a mix of text and numeric labels ("Mix of label input types (string and number)")
     */
    static Encoded encode(LabelColumn truth, LabelColumn pred) {
        if (truth.isText() != pred.isText()) {
            throw new ScoringException("Mix of label input types (string and number): '" + truth.name + "' is "
                    + describe(truth) + " but '" + pred.name + "' is " + describe(pred) + ".");
        }
        if (truth.isText()) {
            Map<String, Integer> codes = new HashMap<>();
            for (String s : truth.text) {
                codes.putIfAbsent(s, 0);
            }
            for (String s : pred.text) {
                codes.putIfAbsent(s, 0);
            }
            String[] labels = codes.keySet().toArray(new String[0]);
            Arrays.sort(labels, Sorting::comparePython);
            for (int i = 0; i < labels.length; i++) {
                codes.put(labels[i], i);
            }
            return new Encoded(textCodes(truth.text, codes), textCodes(pred.text, codes), labels.length);
        }
        int n = truth.numbers.length;
        int m = pred.numbers.length;
        double[] all = new double[n + m];
        for (int i = 0; i < n; i++) {
            all[i] = Sorting.key(truth.numbers[i]);
        }
        for (int i = 0; i < m; i++) {
            all[n + i] = Sorting.key(pred.numbers[i]);
        }
        Arrays.sort(all);
        int k = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[k - 1]) {
                all[k++] = all[i];
            }
        }
        double[] labels = Arrays.copyOf(all, k);
        return new Encoded(numberCodes(truth.numbers, labels), numberCodes(pred.numbers, labels), k);
    }

    private static int[] textCodes(String[] values, Map<String, Integer> codes) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = codes.get(values[i]);
        }
        return out;
    }

    private static int[] numberCodes(double[] values, double[] labels) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Arrays.binarySearch(labels, Sorting.key(values[i]));
        }
        return out;
    }

    private static String describe(LabelColumn c) {
        return c.isText() ? "text" : "numeric";
    }
}
