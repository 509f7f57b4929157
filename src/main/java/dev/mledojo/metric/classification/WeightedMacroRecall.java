package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weighted mean of per-component macro recall ({@code weighted_macro_recall}, bengaliai-cv19, long format): the
 * component of a row is the text after the second '_' of its id ({@code Test_0_grapheme_root}); per component,
 * {@code recall_score(average='macro')} over the union of truth and predicted labels (a label only predicted has
 * recall 0 and counts). A component without rows scores NaN.
 *
 * <p>Param {@code components}: map component → weight (default grapheme_root 2, consonant_diacritic 1,
 * vowel_diacritic 1).
 */
@ApplicationScoped
public class WeightedMacroRecall implements Metric {

    @Override
    public String id() {
        return "weighted_macro_recall";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truth, Table submission, MetricContext context) {
        Map<String, Double> weights = weights(context.params().asMap().get("components"));
        String target = context.target();
        String[] ids = truth.strings(context.idColumn());
        LabelColumn.Encoded e = Confusion.encodeChecked(LabelColumn.of(truth, target),
                LabelColumn.of(submission, context.predictionColumn(target)));
        String[] component = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            component[i] = component(ids[i]);
        }
        double total = 0;
        double weightSum = 0;
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            total += w.getValue() * macroRecall(e, component, w.getKey());
            weightSum += w.getValue();
        }
        return total / weightSum;
    }

    /** {@code x.split('_', 2)[2]} when there are at least three parts, else the last part. */
    static String component(String id) {
        String[] parts = id.split("_", -1);
        if (parts.length > 2) {
            int first = id.indexOf('_');
            int second = id.indexOf('_', first + 1);
            return id.substring(second + 1);
        }
        return parts[parts.length - 1];
    }

    private static double macroRecall(LabelColumn.Encoded e, String[] component, String name) {
        int labels = e.labelCount();
        long[] tp = new long[labels];
        long[] trueCount = new long[labels];
        boolean[] present = new boolean[labels];
        int rows = 0;
        for (int i = 0; i < component.length; i++) {
            if (!component[i].equals(name)) {
                continue;
            }
            rows++;
            int t = e.truth()[i];
            int p = e.pred()[i];
            present[t] = true;
            present[p] = true;
            trueCount[t]++;
            if (t == p) {
                tp[t]++;
            }
        }
        if (rows == 0) {
            return Double.NaN;
        }
        double sum = 0;
        int count = 0;
        for (int l = 0; l < labels; l++) {
            if (present[l]) {
                sum += trueCount[l] == 0 ? 0.0 : (double) tp[l] / trueCount[l];
                count++;
            }
        }
        return sum / count;
    }

    static Map<String, Double> weights(Object value) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object w = entry.getValue();
                out.put(entry.getKey().toString(), w instanceof Number n ? n.doubleValue()
                        : Double.parseDouble(w.toString()));
            }
            return out;
        }
        out.put("grapheme_root", 2.0);
        out.put("consonant_diacritic", 1.0);
        out.put("vowel_diacritic", 1.0);
        return out;
    }
}
