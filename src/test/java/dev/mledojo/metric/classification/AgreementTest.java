package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.col;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AgreementTest {

    private final Qwk qwk = new Qwk();
    private final Mcc mcc = new Mcc();
    private final WeightedMacroRecall recall = new WeightedMacroRecall();

    @Test
    void qwkExamples() {
        assertThat(qwk.id()).isEqualTo("qwk");
        assertThat(qwk.score(col("y", "0", "1", "2", "2"), col("y", "0", "2", "2", "1"), ctx("y")))
                .isCloseTo(0.636364, within(TOL));
        assertThat(qwk.score(col("y", "0", "1", "2"), col("y", "0", "1", "2"), ctx("y"))).isCloseTo(1.0, within(TOL));
    }

    @Test
    void qwkWeightsAreLabelIndicesNotValues() {
        assertThat(qwk.score(col("y", "0", "0", "1", "1"), col("y", "0", "1", "0", "5"), ctx("y")))
                .isCloseTo(0.25, within(TOL));
        assertThat(qwk.score(col("y", "0", "0", "1", "1"), col("y", "0", "1", "0", "2"), ctx("y")))
                .isCloseTo(0.25, within(TOL));
    }

    @Test
    void qwkDegenerateAndInvalid() {
        assertThat(qwk.score(col("y", "3", "3"), col("y", "3", "3"), ctx("y"))).isNaN();
        assertThatThrownBy(() -> qwk.score(col("y", "1", "2"), col("y", "1.5", "2"), ctx("y")))
                .isInstanceOf(ScoringException.class).hasMessageContaining("continuous");
    }

    @Test
    void qwkMatchesTheMatrixDefinitionOnRandomData() {
        java.util.Random r = new java.util.Random(3);
        int n = 200;
        int k = 6;
        int[] a = new int[n];
        int[] b = new int[n];
        double[][] o = new double[k][k];
        double[] ra = new double[k];
        double[] cb = new double[k];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(k);
            b[i] = Math.min(k - 1, Math.max(0, a[i] + r.nextInt(3) - 1));
            o[a[i]][b[i]]++;
            ra[a[i]]++;
            cb[b[i]]++;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                num += (i - j) * (i - j) * o[i][j];
                den += (i - j) * (i - j) * ra[i] * cb[j] / n;
            }
        }
        assertThat(Qwk.kappa(a, b, k)).isCloseTo(1 - num / den, within(1e-12));
    }

    @Test
    void mccExamples() {
        assertThat(mcc.id()).isEqualTo("mcc");
        assertThat(mcc.score(col("c", "1", "1", "1", "0"), col("c", "1", "0", "1", "1"), ctx("c")))
                .isCloseTo(-0.333333, within(TOL));
        assertThat(mcc.score(col("c", "0", "0"), col("c", "0", "0"), ctx("c"))).isEqualTo(0.0);
        assertThat(mcc.score(col("c", "0", "1", "2"), col("c", "0", "1", "2"), ctx("c"))).isCloseTo(1.0, within(TOL));
    }

    @Test
    void weightedMacroRecallWorkedExample() {
        assertThat(recall.id()).isEqualTo("weighted_macro_recall");
        String[][] rows = {
            {"Test_0_grapheme_root", "1", "1"}, {"Test_1_grapheme_root", "2", "2"},
            {"Test_2_grapheme_root", "3", "2"}, {"Test_3_grapheme_root", "1", "1"},
            {"Test_0_consonant_diacritic", "0", "0"}, {"Test_1_consonant_diacritic", "0", "0"},
            {"Test_2_consonant_diacritic", "1", "1"}, {"Test_3_consonant_diacritic", "1", "0"},
            {"Test_0_vowel_diacritic", "4", "4"}, {"Test_1_vowel_diacritic", "5", "5"},
        };
        String[] truthRows = new String[rows.length];
        String[] subRows = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            truthRows[i] = rows[i][0] + "," + rows[i][1];
            subRows[i] = rows[i][0] + "," + rows[i][2];
        }
        Table truth = Table.of("row_id,target", truthRows);
        Table sub = Table.of("row_id,target", subRows);
        var ctx = new MetricContext("row_id", List.of("target"), MetricParams.of("components",
                Map.of("grapheme_root", 2, "consonant_diacritic", 1, "vowel_diacritic", 1)));
        assertThat(recall.score(truth, sub, ctx)).isCloseTo(0.770833, within(TOL));
    }

    @Test
    void predictionOnlyLabelCountsWithRecallZero() {
        Table truth = Table.of("row_id,target", "Test_0_grapheme_root,1", "Test_1_grapheme_root,1",
                "Test_0_consonant_diacritic,0", "Test_0_vowel_diacritic,0");
        Table sub = Table.of("row_id,target", "Test_0_grapheme_root,1", "Test_1_grapheme_root,7",
                "Test_0_consonant_diacritic,0", "Test_0_vowel_diacritic,0");
        var ctx = new MetricContext("row_id", List.of("target"), MetricParams.EMPTY);
        // grapheme labels {1, 7}: recall(1) = 0.5, recall(7) = 0 -> 0.25
        assertThat(recall.score(truth, sub, ctx)).isCloseTo((2 * 0.25 + 1 + 1) / 4, within(TOL));
        assertThat(WeightedMacroRecall.component("Test_12_grapheme_root")).isEqualTo("grapheme_root");
        assertThat(WeightedMacroRecall.component("a_b")).isEqualTo("b");
    }
}
