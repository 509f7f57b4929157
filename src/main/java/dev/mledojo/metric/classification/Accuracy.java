package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Fraction of rows whose prediction equals the truth ({@code accuracy}), times {@code scale} (param, default 1;
 * allstate uses 100).
 *
 * <p>Param {@code impl}: {@code sklearn.accuracy_score} (default; labels typed like scikit-learn: NaN or continuous
 * labels fail, text never equals a number, two binary columns of different label types fail),
 * {@code sklearn.f1_score(average='micro')} (same value; any text/number mix fails), {@code elementwise ==} (pandas
 * equality, strictly typed, never fails, NaN != NaN) or {@code str(truth) == str(pred)} (both sides as
 * {@code astype(str)}, so missing cells match each other as 'nan').
 */
@ApplicationScoped
public class Accuracy implements Metric {

    @Override
    public String id() {
        return "accuracy";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        String impl = context.params().string("impl", "sklearn.accuracy_score");
        double scale = context.params().number("scale", 1.0);
        int n = truth.rowCount();
        long hits;
        if (impl.startsWith("str")) {
            hits = stringMatches(truth.strings(target), submission.strings(predColumn));
        } else if (impl.startsWith("elementwise")) {
            hits = typedMatches(LabelColumn.of(truth, target), LabelColumn.of(submission, predColumn));
        } else {
            LabelColumn t = LabelColumn.of(truth, target).requireClassification();
            LabelColumn p = LabelColumn.of(submission, predColumn).requireClassification();
            if (t.isText() != p.isText()) {
                boolean microF1 = impl.contains("f1_score");
                if (microF1 || (t.distinctCount() <= 2 && p.distinctCount() <= 2)) {
                    throw new ScoringException("Labels in y_true and y_pred should be of the same type: '" + target
                            + "' is " + (t.isText() ? "text" : "numeric") + " but the prediction is "
                            + (p.isText() ? "text" : "numeric") + ".");
                }
            }
            hits = typedMatches(t, p);
        }
        return (double) hits / n * scale;
    }

    static long typedMatches(LabelColumn t, LabelColumn p) {
        long hits = 0;
        int n = t.size();
        for (int i = 0; i < n; i++) {
            if (t.sameValue(i, p, i)) {
                hits++;
            }
        }
        return hits;
    }

    static long stringMatches(String[] t, String[] p) {
        long hits = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i].equals(p[i])) {
                hits++;
            }
        }
        return hits;
    }
}
