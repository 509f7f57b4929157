package dev.mledojo.agent.baseline;

import java.util.List;
import java.util.Locale;

/**
 * What kind of prediction a metric scores, derived from its id: probabilities or scores (AUCs, log losses), class
 * labels (accuracy, F1, kappa), numbers (regression errors), or unknown (the baseline decides from the data).
 */
public enum PredictionStyle {
    PROBA, LABEL, VALUE, AUTO;

    // checked in this order: "average_precision" is a ranking metric before "precision" is a label metric
    private static final List<String> PROBA_MARKERS = List.of("auc", "log_loss", "logloss", "gini", "brier",
            "cross_entropy", "kl_divergence", "average_precision");
    private static final List<String> VALUE_MARKERS = List.of("rmse", "msle", "mse", "mae", "mape", "rmspe", "r2",
            "medae", "pearson", "spearman");
    private static final List<String> LABEL_MARKERS = List.of("accuracy", "f1", "mcc", "qwk", "kappa", "top1_error",
            "recall", "precision", "map_at", "ndcg");

    /** The style of a metric id such as {@code roc_auc}, {@code rmse} or {@code macro_f1}; AUTO when unknown. */
    public static PredictionStyle of(String metricId) {
        String m = metricId == null ? "" : metricId.toLowerCase(Locale.ROOT);
        if (PROBA_MARKERS.stream().anyMatch(m::contains)) {
            return PROBA;
        }
        if (VALUE_MARKERS.stream().anyMatch(m::contains)) {
            return VALUE;
        }
        if (LABEL_MARKERS.stream().anyMatch(m::contains)) {
            return LABEL;
        }
        return AUTO;
    }

    /** The name the Python templates use. */
    public String pythonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
