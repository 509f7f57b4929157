package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Top-1 error ({@code top1_error}): the fraction of rows whose prediction differs from the truth.
 *
 * <p>Param {@code first_token}: false (default, imaterialist) compares parsed values strictly typed (pandas
 * {@code !=}); true (inaturalist) compares the first whitespace token of {@code str(pred)} with {@code str(truth)}; a
 * blank prediction then fails evaluation (Python's {@code split()[0]} raises).
 */
@ApplicationScoped
public class Top1Error implements Metric {

    @Override
    public String id() {
        return "top1_error";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        int n = truth.rowCount();
        long hits;
        if (context.params().bool("first_token", false)) {
            String[] t = truth.strings(target);
            String[] p = submission.strings(predColumn);
            hits = 0;
            for (int i = 0; i < n; i++) {
                String first = firstToken(p[i]);
                if (first == null) {
                    throw new ScoringException("list index out of range: the prediction in row " + (i + 1)
                            + " is blank, so it has no first token.");
                }
                if (first.equals(t[i])) {
                    hits++;
                }
            }
        } else {
            hits = Accuracy.typedMatches(LabelColumn.of(truth, target), LabelColumn.of(submission, predColumn));
        }
        return (double) (n - hits) / n;
    }

    /** Python's {@code s.split()[0]}, or null when there is no token. */
    static String firstToken(String s) {
        int i = 0;
        int len = s.length();
        while (i < len && Tokens.isPythonSpace(s.charAt(i))) {
            i++;
        }
        if (i == len) {
            return null;
        }
        int j = i;
        while (j < len && !Tokens.isPythonSpace(s.charAt(j))) {
            j++;
        }
        return s.substring(i, j);
    }
}
