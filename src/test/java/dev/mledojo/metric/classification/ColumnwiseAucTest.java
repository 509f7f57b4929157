package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.cols;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static dev.mledojo.metric.classification.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ColumnwiseAucTest {

    private final MeanColumnwiseRocAuc metric = new MeanColumnwiseRocAuc();

    private final Table truth = cols(List.of("A", "B"), s("0", "1", "1", "0"), s("1", "0", "0", "1"));
    private final Table sub = cols(List.of("A", "B"), s("0.2", "0.7", "0.6", "0.4"), s("0.3", "0.1", "0.6", "0.8"));

    @Test
    void meanOfColumnAucs() {
        assertThat(metric.id()).isEqualTo("mean_columnwise_roc_auc");
        assertThat(metric.score(truth, sub, ctx(List.of("A", "B"), "on_error", "raise")))
                .isCloseTo(0.875, within(TOL));
    }

    @Test
    void positionalPairingMisPairsReorderedColumns() {
        Table swapped = cols(List.of("B", "A"), s("0.3", "0.1", "0.6", "0.8"), s("0.2", "0.7", "0.6", "0.4"));
        var byName = ctx(List.of("A", "B"));
        var positional = ctx(List.of("A", "B"), "impl", "sklearn.roc_auc_score(2-D, average='macro')",
                "column_pairing", "positional (to_numpy of all non-id columns)");
        assertThat(metric.score(truth, swapped, byName)).isCloseTo(0.875, within(TOL));
        // A vs B's scores: AUC 0.25; B vs A's scores: AUC 0.0 -> mean 0.125
        assertThat(metric.score(truth, swapped, positional)).isCloseTo(0.125, within(TOL));
    }

    @Test
    void jigsawDropsUnscoredRows() {
        Table t = cols(List.of("A", "B"), s("0", "1", "-1", "1", "0"), s("1", "0", "-1", "0", "1"));
        Table p = cols(List.of("A", "B"), s("0.2", "0.7", "0.99", "0.6", "0.4"), s("0.3", "0.1", "0.99", "0.6",
                "0.8"));
        var ctx = ctx(List.of("A", "B"), "impl", "sklearn.roc_auc_score(2-D, average='macro')", "drop_rows",
                "GT label sum < 0 (Kaggle -1 rows)", "on_error", "raise");
        assertThat(metric.score(t, p, ctx)).isCloseTo(0.875, within(TOL));
    }

    @Test
    void errorFallbacksAndSingleClassNan() {
        Table t = cols(List.of("a", "b", "c", "d"), s("0", "1", "0", "1"), s("0", "1", "0", "1"),
                s("0", "1", "0", "1"), s("0", "1", "0", "1"));
        Table p = cols(List.of("a", "b", "c", "d"), s("0.1", "0.9", "0.2", "0.8"), s("0.1", "0.9", "0.2", "0.8"),
                s("0.1", "0.9", "0.2", "0.8"), s("0.1", "", "0.2", "0.8"));
        var names = List.of("a", "b", "c", "d");
        assertThat(metric.score(t, p, ctx(names, "on_error", 0.5))).isCloseTo((3 + 0.5) / 4, within(TOL));
        assertThat(metric.score(t, p, ctx(names, "on_error", 0.0))).isCloseTo(3.0 / 4, within(TOL));
        assertThatThrownBy(() -> metric.score(t, p, ctx(names, "on_error", "raise")))
                .isInstanceOf(ScoringException.class);
        Table single = cols(List.of("a", "b"), s("0", "1", "0", "1"), s("0", "0", "0", "0"));
        Table ps = cols(List.of("a", "b"), s("0.1", "0.9", "0.2", "0.8"), s("0.1", "0.9", "0.2", "0.8"));
        assertThat(metric.score(single, ps, ctx(List.of("a", "b"), "on_error", 0.5))).isNaN();
    }

    @Test
    void ranzcrPatientIdCountsAsAFailingTwelfthColumn() {
        List<String> names = new ArrayList<>();
        List<String[]> truthCols = new ArrayList<>();
        List<String[]> subCols = new ArrayList<>();
        for (int c = 0; c < 11; c++) {
            names.add("L" + c);
            truthCols.add(s("0", "1", "0", "1"));
            subCols.add(s("0.1", "0.9", "0.2", "0.8"));
        }
        names.add("PatientID");
        truthCols.add(s("p1", "p2", "p3", "p4"));
        subCols.add(s("p1", "p2", "p3", "p4"));
        Table t = cols(names, truthCols.toArray(new String[0][]));
        Table p = cols(names, subCols.toArray(new String[0][]));
        assertThat(metric.score(t, p, ctx(names, "on_error", 0.0))).isCloseTo(11.0 / 12, within(TOL));
    }
}
