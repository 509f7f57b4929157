package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Set;

/**
 * Micro F1 over whitespace-separated label sets ({@code micro_f1_multilabel}, imet-2020): cells are stringified
 * ({@code astype(str)}, so a missing cell is the token 'nan'), the label universe is the tokens of the TRUTH only, and
 * predicted tokens outside it are ignored (not false positives). 2TP/(2TP+FP+FN), 0 when undefined. No params are
 * read (the catalogue's describe exactly this behaviour).
 */
@ApplicationScoped
public class MicroF1Multilabel implements Metric {

    @Override
    public String id() {
        return "micro_f1_multilabel";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        String[] t = truth.strings(target);
        String[] p = submission.strings(context.predictionColumn(target));
        Set<String>[] truthSets = tokenSets(t);
        Set<String> universe = new HashSet<>();
        for (Set<String> s : truthSets) {
            universe.addAll(s);
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < t.length; i++) {
            Set<String> ts = truthSets[i];
            long hit = 0;
            long predicted = 0;
            for (String token : Tokens.tokenSet(p[i])) {
                if (!universe.contains(token)) {
                    continue;
                }
                predicted++;
                if (ts.contains(token)) {
                    hit++;
                }
            }
            tp += hit;
            fp += predicted - hit;
            fn += ts.size() - hit;
        }
        long denominator = 2 * tp + fp + fn;
        return denominator == 0 ? 0.0 : 2.0 * tp / denominator;
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] tokenSets(String[] cells) {
        Set<String>[] out = new Set[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = Tokens.tokenSet(cells[i]);
        }
        return out;
    }
}
