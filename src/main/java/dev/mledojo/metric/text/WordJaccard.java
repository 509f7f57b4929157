package dev.mledojo.metric.text;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Numeric;
import dev.mledojo.metric.PyStrings;
import dev.mledojo.metric.Table;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Mean over rows of the word-set Jaccard index {@code |A n B| / |A u B|} of the whitespace-split (and, with
 * {@code lowercase}, default true, lower-cased) truth and prediction. Reads {@code empty_both} (the value when both
 * sets are empty: 1.0 chaii, 0.0 tweet; default 0.0) and {@code tokens}: if it mentions "error", cells are used as
 * strings and a missing or non-text cell fails the evaluation (tweet); otherwise cells go through {@code str()}, a
 * missing cell becoming 'nan' (chaii).
 */
@ApplicationScoped
public class WordJaccard implements Metric {

    @Override
    public String id() {
        return "word_jaccard";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        double emptyBoth = context.params().number("empty_both", 0.0);
        boolean lowercase = context.params().bool("lowercase", true);
        boolean strict = context.params().string("tokens", "").toLowerCase(Locale.ROOT).contains("error");
        String target = context.target();
        String predColumn = context.predictionColumn(target);
        String[] t = strict ? MeanLevenshtein.textColumn(truth, target, "truth", truth, context) : truth.strings(target);
        String[] p = strict ? MeanLevenshtein.textColumn(submission, predColumn, "prediction", truth, context)
                : submission.strings(predColumn);
        double[] scores = new double[t.length];
        for (int r = 0; r < t.length; r++) {
            scores[r] = jaccard(lowercase ? PyStrings.lower(t[r]) : t[r], lowercase ? PyStrings.lower(p[r]) : p[r],
                    emptyBoth);
        }
        return Numeric.mean(scores);
    }

    static double jaccard(String a, String b, double emptyBoth) {
        Set<String> left = new HashSet<>(java.util.Arrays.asList(PyStrings.split(a)));
        Set<String> right = new HashSet<>(java.util.Arrays.asList(PyStrings.split(b)));
        if (left.isEmpty() && right.isEmpty()) {
            return emptyBoth;
        }
        int common = 0;
        for (String w : left) {
            if (right.contains(w)) {
                common++;
            }
        }
        return (double) common / (left.size() + right.size() - common);
    }
}
