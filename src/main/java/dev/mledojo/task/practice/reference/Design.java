package dev.mledojo.task.practice.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.mledojo.metric.Table;

/**
 * A numeric design matrix for the training and the test rows, built the way a careful baseline would: numbers with
 * missing cells imputed by the training mean (plus a missing-indicator column), categories one-hot encoded against the
 * training levels (first level dropped, so least squares stays well-posed), optionally standardised.
 */
final class Design {

    static final String MISSING_LEVEL = "(missing)";

    final List<String> names = new ArrayList<>();
    final double[][] train;
    final double[][] test;

    private Design(List<double[]> trainColumns, List<double[]> testColumns, int trainRows, int testRows) {
        this.train = rows(trainColumns, trainRows);
        this.test = rows(testColumns, testRows);
    }

    static Design of(Table train, Table test, List<String> numeric, List<String> categorical, boolean standardise) {
        List<String> names = new ArrayList<>();
        List<double[]> trainColumns = new ArrayList<>();
        List<double[]> testColumns = new ArrayList<>();
        for (String column : numeric) {
            double[] tr = train.numbers(column);
            double[] te = test.numbers(column);
            double sum = 0;
            int count = 0;
            for (double v : tr) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    count++;
                }
            }
            double mean = count == 0 ? 0 : sum / count;
            boolean anyMissing = count < tr.length;
            double[] trIndicator = new double[tr.length];
            double[] teIndicator = new double[te.length];
            double[] trFilled = fill(tr, mean, trIndicator);
            double[] teFilled = fill(te, mean, teIndicator);
            if (standardise) {
                double var = 0;
                for (double v : trFilled) {
                    var += (v - mean) * (v - mean);
                }
                double sd = Math.sqrt(var / Math.max(1, trFilled.length - 1));
                double scale = sd > 0 ? sd : 1;
                for (int i = 0; i < trFilled.length; i++) {
                    trFilled[i] = (trFilled[i] - mean) / scale;
                }
                for (int i = 0; i < teFilled.length; i++) {
                    teFilled[i] = (teFilled[i] - mean) / scale;
                }
            }
            names.add(column);
            trainColumns.add(trFilled);
            testColumns.add(teFilled);
            if (anyMissing) {
                names.add(column + "_missing");
                trainColumns.add(trIndicator);
                testColumns.add(teIndicator);
            }
        }
        for (String column : categorical) {
            String[] tr = train.column(column);
            String[] te = test.column(column);
            TreeSet<String> levels = new TreeSet<>();
            for (String v : tr) {
                levels.add(v == null ? MISSING_LEVEL : v);
            }
            List<String> kept = new ArrayList<>(levels);
            kept.remove(0);
            for (String level : kept) {
                names.add(column + "=" + level);
                trainColumns.add(oneHot(tr, level));
                testColumns.add(oneHot(te, level));
            }
        }
        Design design = new Design(trainColumns, testColumns, train.rowCount(), test.rowCount());
        design.names.addAll(names);
        return design;
    }

    int width() {
        return names.size();
    }

    int column(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no design column " + name + " in " + names);
        }
        return i;
    }

    /** A copy with extra columns: the products of the given column pairs (interaction terms). */
    Design withProducts(List<String[]> pairs) {
        List<double[]> trainColumns = columns(train);
        List<double[]> testColumns = columns(test);
        List<String> all = new ArrayList<>(names);
        for (String[] pair : pairs) {
            int a = column(pair[0]);
            int b = column(pair[1]);
            trainColumns.add(product(train, a, b));
            testColumns.add(product(test, a, b));
            all.add(pair[0] + "*" + pair[1]);
        }
        Design design = new Design(trainColumns, testColumns, train.length, test.length);
        design.names.addAll(all);
        return design;
    }

    /** A copy with one extra column. */
    Design withColumn(String name, double[] trainValues, double[] testValues) {
        List<double[]> trainColumns = columns(train);
        List<double[]> testColumns = columns(test);
        trainColumns.add(trainValues);
        testColumns.add(testValues);
        Design design = new Design(trainColumns, testColumns, train.length, test.length);
        design.names.addAll(names);
        design.names.add(name);
        return design;
    }

    private static double[] fill(double[] values, double mean, double[] indicator) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                out[i] = mean;
                indicator[i] = 1;
            } else {
                out[i] = values[i];
            }
        }
        return out;
    }

    private static double[] oneHot(String[] values, String level) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            String v = values[i] == null ? MISSING_LEVEL : values[i];
            out[i] = v.equals(level) ? 1 : 0;
        }
        return out;
    }

    private static double[] product(double[][] rows, int a, int b) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][a] * rows[i][b];
        }
        return out;
    }

    private static List<double[]> columns(double[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        List<double[]> out = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            double[] col = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                col[r] = rows[r][c];
            }
            out.add(col);
        }
        return out;
    }

    private static double[][] rows(List<double[]> columns, int n) {
        double[][] out = new double[n][columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            double[] col = columns.get(c);
            for (int r = 0; r < n; r++) {
                out[r][c] = col[r];
            }
        }
        return out;
    }
}
