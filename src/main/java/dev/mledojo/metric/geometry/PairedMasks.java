package dev.mledojo.metric.geometry;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.Table;

/**
 * The one-mask-per-id metrics: the grader pairs rows by id; each truth/prediction RLE pair gets a row score and the
 * result is NumPy's mean of the row scores, taken in id order (the reference sorts both frames by the id as text).
 * Every submission cell is decoded (and checked) before any answer cell, in id order, so the first malformed cell
 * reported is the one the reference's validation would name.
 */
abstract class PairedMasks implements Metric {

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    /** How cells are decoded and checked for this task. */
    abstract Runs.Rules rules(MetricContext context);

    /** The score of one row. */
    abstract double rowScore(Runs truth, Runs prediction, MetricContext context);

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        String idColumn = context.idColumn();
        String[] ids = truth.strings(idColumn);
        String[] truthCells = truth.column(target);
        String[] predCells = submission.column(predColumn);
        int[] order = Rows.orderById(ids);
        Runs.Rules rules = rules(context);
        Runs[] predictions = new Runs[ids.length];
        for (int r : order) {
            try {
                predictions[r] = Runs.parse(predCells[r], rules);
            } catch (CellFormatException e) {
                throw Rows.badCell(idColumn, ids[r], predColumn, e);
            }
        }
        double[] scores = new double[ids.length];
        int k = 0;
        for (int r : order) {
            Runs t;
            try {
                t = Runs.parse(truthCells[r], rules);
            } catch (CellFormatException e) {
                throw Rows.badTruth(idColumn, ids[r], target, e);
            }
            scores[k++] = rowScore(t, predictions[r], context);
            predictions[r] = null;
        }
        return Numeric.mean(scores);
    }

    /** The {@code shape} parameter's pixel count (height times width), or the fallback. */
    static long pixels(MetricContext context, int height, int width) {
        int[] shape = shape(context, height, width);
        return (long) shape[0] * shape[1];
    }

    /** The {@code shape} parameter as [height, width], or the fallback. */
    static int[] shape(MetricContext context, int height, int width) {
        java.util.List<String> shape = context.params().strings("shape");
        if (shape.size() != 2) {
            return new int[] {height, width};
        }
        return new int[] {Integer.parseInt(shape.get(0).strip()), Integer.parseInt(shape.get(1).strip())};
    }
}
