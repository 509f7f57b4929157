package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Gini from AUC ({@code gini_from_auc}, DontGetKicked): {@code 2 * roc_auc_score - 1}; a truth with fewer than two
 * distinct values scores {@code single_class} (param, default 0.0) before any AUC is computed.
 */
@ApplicationScoped
public class GiniFromAuc implements Metric {

    @Override
    public String id() {
        return "gini_from_auc";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        String target = context.target();
        if (distinctNonMissing(truth.strings(target), truth.column(target)) < 2) {
            return context.params().number("single_class", 0.0);
        }
        double auc = Roc.rocAucScore(truth, target, submission, context.predictionColumn(target));
        return 2 * auc - 1;
    }

    private static int distinctNonMissing(String[] rendered, String[] raw) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < rendered.length; i++) {
            if (raw[i] != null && seen.add(rendered[i]) && seen.size() >= 2) {
                return 2;
            }
        }
        return seen.size();
    }
}
