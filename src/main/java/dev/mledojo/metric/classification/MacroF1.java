package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Macro F1 ({@code macro_f1}): {@code sklearn.metrics.f1_score(average='macro')} over the sorted union of truth and
 * prediction labels; a label only predicted scores 0 and still counts; 0/0 is 0 ({@code zero_division}, the only
 * param, is always 0 in the catalogue). Labels typed as scikit-learn does: NaN, continuous values or a text/number mix
 * fail evaluation.
 */
@ApplicationScoped
public class MacroF1 implements Metric {

    @Override
    public String id() {
        return "macro_f1";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        Confusion c = Confusion.of(Confusion.encodeChecked(LabelColumn.of(truth, target),
                LabelColumn.of(submission, context.predictionColumn(target))));
        double sum = 0;
        for (int l = 0; l < c.labels(); l++) {
            sum += c.f1(l);
        }
        return sum / c.labels();
    }
}
