package dev.mledojo.metric.classification;

/** Per-label counts of a single-label classification (the diagonal and margins of the confusion matrix). */
final class Confusion {

    final long[] truePositives;
    final long[] trueCounts;
    final long[] predCounts;
    final long n;

    private Confusion(int labels, long n) {
        this.truePositives = new long[labels];
        this.trueCounts = new long[labels];
        this.predCounts = new long[labels];
        this.n = n;
    }

    static Confusion of(LabelColumn.Encoded e) {
        return of(e.truth(), e.pred(), e.labelCount());
    }

    static Confusion of(int[] truth, int[] pred, int labels) {
        Confusion c = new Confusion(labels, truth.length);
        for (int i = 0; i < truth.length; i++) {
            c.trueCounts[truth[i]]++;
            c.predCounts[pred[i]]++;
            if (truth[i] == pred[i]) {
                c.truePositives[truth[i]]++;
            }
        }
        return c;
    }

    int labels() {
        return truePositives.length;
    }

    /** F1 of one label, 0 when undefined (scikit-learn's zero_division). */
    double f1(int label) {
        long denominator = trueCounts[label] + predCounts[label];
        return denominator == 0 ? 0.0 : 2.0 * truePositives[label] / denominator;
    }

    /** Recall of one label, 0 when the label never occurs in the truth. */
    double recall(int label) {
        return trueCounts[label] == 0 ? 0.0 : (double) truePositives[label] / trueCounts[label];
    }

    /** Encodes both columns after scikit-learn's label checks (NaN, continuous, text/number mix fail). */
    static LabelColumn.Encoded encodeChecked(LabelColumn truth, LabelColumn pred) {
        truth.requireClassification();
        pred.requireClassification();
        return LabelColumn.encode(truth, pred);
    }
}
