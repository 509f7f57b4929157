package dev.mledojo.metric.classification;

import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.PyOrder;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Unweighted mean over label columns of per-column average precision ({@code macro_average_precision}, the
 * freesound-2019 grader, not Kaggle's lwlrap); a column without positives scores {@code no_positive_label} (default 0).
 *
 * <p>Columns are paired BY POSITION (every column after the id, truth order vs submission order), as the reference's
 * {@code iloc[:, 1:]} does. As in the reference the rows are ranked in the order of the id as text ({@link PyOrder});
 * ties in scores keep that order (a stable sort; NumPy's default argsort is not stable).
 */
@ApplicationScoped
public class MacroAveragePrecision implements Metric {

    @Override
    public String id() {
        return "macro_average_precision";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double score(Table truthInFileOrder, Table alignedSubmission, MetricContext context) {
        String idColumn = truthInFileOrder.hasColumn(context.idColumn()) ? context.idColumn()
                : truthInFileOrder.columns().get(0);
        Table[] sorted = PyOrder.sortedByIdText(truthInFileOrder, alignedSubmission, idColumn);
        Table truth = sorted[0];
        Table submission = sorted[1];
        List<String> truthCols = afterFirst(truth.columns());
        List<String> predCols = afterFirst(submission.columns());
        if (truthCols.size() != predCols.size()) {
            throw new ScoringException("The truth has " + truthCols.size() + " label columns but the submission has "
                    + predCols.size() + " (columns are paired by position).");
        }
        double none = context.params().number("no_positive_label", 0.0);
        double sum = 0;
        for (int c = 0; c < truthCols.size(); c++) {
            double[] y = Roc.numericOrFail(truth, truthCols.get(c));
            double[] s = Roc.numericOrFail(submission, predCols.get(c));
            sum += averagePrecision(y, s, none);
        }
        return sum / truthCols.size();
    }

    static double averagePrecision(double[] y, double[] s, double none) {
        int n = y.length;
        double total = 0;
        for (double v : y) {
            total += v;
        }
        if (!(total > 0)) {
            return none; // NumPy: NaN > 0 is false as well
        }
        double[] neg = new double[n];
        for (int i = 0; i < n; i++) {
            neg[i] = -s[i];
        }
        int[] order = Sorting.stableAscending(neg);
        double cum = 0;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double v = y[order[k]];
            cum += v;
            sum += cum / (k + 1) * v;
        }
        return sum / total;
    }

    private static List<String> afterFirst(List<String> columns) {
        return columns.isEmpty() ? List.of() : new ArrayList<>(columns.subList(1, columns.size()));
    }
}
