package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Set;

/**
 * Mean over rows of the set F1 of whitespace-separated tokens ({@code mean_row_f1}): 2|T∩P|/(|T|+|P|).
 *
 * <p>Params: {@code empty_both} (score of a row where both sets are empty: 1.0 by default, 0.0 for plant-pathology's
 * {@code f1_score(average='samples')}); {@code tokens}: text mentioning {@code NaN -> error} makes a missing cell fail
 * evaluation (shopee, plant-pathology), otherwise a missing cell is the token 'nan' (facebook, {@code str()}).
 */
@ApplicationScoped
public class MeanRowF1 implements Metric {

    @Override
    public String id() {
        return "mean_row_f1";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        double emptyBoth = context.params().number("empty_both", 1.0);
        boolean nanFails = context.params().string("tokens", "").toLowerCase(Locale.ROOT).contains("nan -> error");
        if (nanFails) {
            requireNoMissing(truth.column(target), "ground truth column '" + target + "'");
            requireNoMissing(submission.column(predColumn), "prediction column '" + predColumn + "'");
        }
        String[] t = truth.strings(target);
        String[] p = submission.strings(predColumn);
        double sum = 0;
        for (int i = 0; i < t.length; i++) {
            Set<String> ts = Tokens.tokenSet(t[i]);
            Set<String> ps = Tokens.tokenSet(p[i]);
            int size = ts.size() + ps.size();
            if (size == 0) {
                sum += emptyBoth;
                continue;
            }
            int common = 0;
            for (String token : ps) {
                if (ts.contains(token)) {
                    common++;
                }
            }
            sum += 2.0 * common / size;
        }
        return sum / t.length;
    }

    private static void requireNoMissing(String[] raw, String what) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == null) {
                throw new ScoringException("'float' object has no attribute 'split': the " + what
                        + " is empty (NaN) in row " + (i + 1) + ".");
            }
        }
    }
}
