package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Binary F1 ({@code f1_binary}): {@code sklearn.metrics.f1_score(average='binary', pos_label=1)} =
 * 2TP/(2TP+FP+FN), 0 when undefined. More than two labels in truth and prediction together fail ("Target is
 * multiclass"), as do two labels without 1 among them (e.g. text labels). Param {@code pos_label} (default 1,
 * numeric). The prediction column may be renamed by the task ({@code prediction_column}, quora-insincere).
 */
@ApplicationScoped
public class F1Binary implements Metric {

    @Override
    public String id() {
        return "f1_binary";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        LabelColumn t = LabelColumn.of(truth, target).requireClassification();
        LabelColumn p = LabelColumn.of(submission, context.predictionColumn(target)).requireClassification();
        if (t.isText() != p.isText()) {
            throw new ScoringException("Labels in y_true and y_pred should be of the same type (text vs numeric).");
        }
        LabelColumn.Encoded e = LabelColumn.encode(t, p);
        if (e.labelCount() > 2) {
            throw new ScoringException("Target is multiclass but average='binary'. Please choose another average "
                    + "setting, one of [None, 'micro', 'macro', 'weighted'].");
        }
        double posLabel = context.params().number("pos_label", 1);
        int pos = -1;
        if (!t.isText()) {
            for (int i = 0; i < t.size() && pos < 0; i++) {
                if (t.numbers[i] == posLabel) {
                    pos = e.truth()[i];
                }
            }
            for (int i = 0; i < p.size() && pos < 0; i++) {
                if (p.numbers[i] == posLabel) {
                    pos = e.pred()[i];
                }
            }
        }
        if (pos < 0) {
            if (e.labelCount() >= 2) {
                throw new ScoringException("pos_label=" + PyNumber.format(posLabel) + " is not a valid label: the "
                        + "labels are not 0/1.");
            }
            return 0.0; // no positive anywhere: F1 is 0/0, reported as 0
        }
        return Confusion.of(e).f1(pos);
    }
}
