package dev.mledojo.metric.geometry;

import java.util.Arrays;
import java.util.Comparator;

import dev.mledojo.metric.PyStrings;

/** Parsing of box lists ("conf x y w h ..." and friends) shared by the detection metrics. */
final class Boxes {

    private Boxes() {
    }

    /**
     * The complete groups of {@code size} numbers of a cell ({@code float()} of every token, trailing incomplete group
     * ignored), as the wheat grader reads them; {@code null} or blank is no group.
     *
     * @throws CellFormatException when a token is not a number
     */
    static double[][] groups(String cell, int size) {
        if (cell == null) {
            return new double[0][];
        }
        String[] tokens = PyStrings.split(cell);
        double[] values = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            values[i] = PyNumbers.parseFloat(tokens[i]);
        }
        double[][] out = new double[tokens.length / size][];
        for (int g = 0; g < out.length; g++) {
            out[g] = Arrays.copyOfRange(values, g * size, g * size + size);
        }
        return out;
    }

    /** Rows ordered by their first value (the confidence), descending, stable; NaN confidences go last. */
    static double[][] sortedByConfidence(double[][] rows) {
        double[][] out = rows.clone();
        Arrays.sort(out, CONFIDENCE_DESCENDING);
        return out;
    }

    static final Comparator<double[]> CONFIDENCE_DESCENDING = (x, y) -> descending(x[0], y[0]);

    /** Descending order of doubles with NaN last; equal values compare equal (so a stable sort keeps their order). */
    static int descending(double a, double b) {
        boolean nanA = Double.isNaN(a);
        boolean nanB = Double.isNaN(b);
        if (nanA || nanB) {
            return nanA == nanB ? 0 : nanA ? 1 : -1;
        }
        return a > b ? -1 : a < b ? 1 : 0;
    }
}
