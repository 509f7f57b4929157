package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Binary ROC AUC ({@code roc_auc}), scikit-learn 1.6.1 semantics: ties earn half credit, a single-class truth gives NaN,
 * NaN/inf/text scores and non-binary truth fail evaluation.
 *
 * <p>Params: {@code impl} ({@code sklearn.roc_auc_score}, default, positive = larger label; or
 * {@code sklearn.roc_curve(pos_label=1)+auc}, positive = label 1, multiclass truth allowed), {@code y_true_cast: int}
 * (truth truncated to integers first), {@code cast: float} (both sides must be numeric). Several target columns are
 * averaged (mlsp-2013-birds' "average_over").
 */
@ApplicationScoped
public class RocAuc implements Metric {

    @Override
    public String id() {
        return "roc_auc";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public boolean readsPredictionsOnlyAsNumbers() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        double sum = 0;
        for (String target : context.targetColumns()) {
            sum += columnAuc(truth, target, submission, context.predictionColumn(target), context.params());
        }
        return sum / context.targetColumns().size();
    }

    static double columnAuc(Table truth, String target, Table submission, String predColumn, MetricParams params) {
        String impl = params.string("impl", "sklearn.roc_auc_score");
        LabelColumn labels = LabelColumn.of(truth, target);
        if (params.has("cast") && "float".equals(params.string("cast", null)) && labels.isText()) {
            throw new ScoringException("Error computing ROC AUC: could not convert string to float in column '"
                    + target + "'.");
        }
        if ("int".equals(params.string("y_true_cast", null))) {
            labels = truncated(labels, target);
        }
        double[] scores = Roc.finiteScores(submission, predColumn);
        boolean[] positive = impl.contains("pos_label=1") ? Roc.rocCurveTruthPosLabel1(labels) : Roc.rocAucTruth(labels);
        return Roc.auc(scores, positive);
    }

    /** pandas {@code astype(int)}: truncates toward zero, fails on NaN/inf and on text. */
    private static LabelColumn truncated(LabelColumn labels, String target) {
        if (labels.isText()) {
            throw new ScoringException("invalid literal for int() in column '" + target + "'.");
        }
        String[] cells = new String[labels.size()];
        for (int i = 0; i < cells.length; i++) {
            double v = labels.numbers[i];
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new ScoringException("Cannot convert non-finite values (NA or inf) to integer (column '"
                        + target + "').");
            }
            cells[i] = Long.toString((long) v);
        }
        Table t = Table.ofColumns(java.util.List.of(target), java.util.List.<String[]>of(cells));
        return LabelColumn.of(t, target);
    }
}
