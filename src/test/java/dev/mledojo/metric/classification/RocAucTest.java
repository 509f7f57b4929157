package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.col;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.ScoringException;

import org.junit.jupiter.api.Test;

class RocAucTest {

    private final RocAuc metric = new RocAuc();

    private double auc(String[] y, String[] s, Object... params) {
        return metric.score(col("y", y), col("y", s), ctx("y", params));
    }

    @Test
    void identity() {
        assertThat(metric.id()).isEqualTo("roc_auc");
        assertThat(metric.higherIsBetter()).isTrue();
    }

    @Test
    void workedExampleCountsPairs() {
        assertThat(auc(new String[] {"0", "0", "1", "1"}, new String[] {"0.1", "0.4", "0.35", "0.8"}))
                .isCloseTo(0.75, within(TOL));
    }

    @Test
    void tiesEarnHalfCredit() {
        assertThat(auc(new String[] {"0", "1", "0", "1"}, new String[] {"0.5", "0.5", "0.2", "0.9"}))
                .isCloseTo(0.875, within(TOL));
    }

    @Test
    void constantPredictionsGiveHalf() {
        assertThat(auc(new String[] {"0", "1", "1", "0", "1"}, new String[] {"3", "3", "3", "3", "3"}))
                .isCloseTo(0.5, within(TOL));
    }

    @Test
    void negativeZeroTiesWithZero() {
        assertThat(auc(new String[] {"0", "1"}, new String[] {"0.0", "-0.0"})).isCloseTo(0.5, within(TOL));
    }

    @Test
    void singleClassIsNanOnBothPaths() {
        assertThat(auc(new String[] {"0", "0", "0"}, new String[] {"0.1", "0.2", "0.3"})).isNaN();
        assertThat(auc(new String[] {"0", "0", "0"}, new String[] {"0.1", "0.2", "0.3"}, "impl",
                "sklearn.roc_curve(pos_label=1)+auc")).isNaN();
    }

    @Test
    void booleanAndTextLabelsUseTheLargerLabelAsPositive() {
        assertThat(auc(new String[] {"False", "True", "True"}, new String[] {"0.1", "0.9", "0.8"}))
                .isCloseTo(1.0, within(TOL));
        // 'b' > 'a', so 'b' is positive
        assertThat(auc(new String[] {"a", "b", "a", "b"}, new String[] {"0.9", "0.1", "0.8", "0.2"}))
                .isCloseTo(0.0, within(TOL));
    }

    @Test
    void nanOrTextScoresFailEvaluation() {
        assertThatThrownBy(() -> auc(new String[] {"0", "1"}, new String[] {"0.3", ""}))
                .isInstanceOf(ScoringException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> auc(new String[] {"0", "1"}, new String[] {"0.3", "inf"}))
                .isInstanceOf(ScoringException.class).hasMessageContaining("infinity");
        assertThatThrownBy(() -> auc(new String[] {"0", "1"}, new String[] {"0.3", "high"}))
                .isInstanceOf(ScoringException.class);
    }

    @Test
    void continuousOrMulticlassTruthFails() {
        assertThatThrownBy(() -> auc(new String[] {"0.2", "0.7"}, new String[] {"0.3", "0.4"}))
                .isInstanceOf(ScoringException.class).hasMessageContaining("continuous");
        assertThatThrownBy(() -> auc(new String[] {"0", "1", "2"}, new String[] {"0.3", "0.4", "0.5"}))
                .isInstanceOf(ScoringException.class).hasMessageContaining("multi_class");
    }

    @Test
    void rocCurvePathAcceptsMulticlassWithPositiveLabelOne() {
        // positives are the rows labelled 1; labels 0 and 2 are both negatives
        double v = auc(new String[] {"0", "1", "2", "1"}, new String[] {"0.1", "0.9", "0.2", "0.8"}, "impl",
                "sklearn.roc_curve(pos_label=1)+auc");
        assertThat(v).isCloseTo(1.0, within(TOL));
    }

    @Test
    void yTrueCastIntTruncatesTruth() {
        // 0.7 -> 0 and 1.0 -> 1 with astype(int); without the cast the truth would be continuous
        assertThat(auc(new String[] {"0.7", "1.0", "0.2", "1.0"}, new String[] {"0.1", "0.9", "0.2", "0.8"},
                "y_true_cast", "int")).isCloseTo(1.0, within(TOL));
    }

    @Test
    void castFloatRejectsTextTruth() {
        assertThatThrownBy(() -> auc(new String[] {"a", "b"}, new String[] {"0.1", "0.9"}, "cast", "float"))
                .isInstanceOf(ScoringException.class);
    }

    @Test
    void matchesBruteForceOnRandomData() {
        java.util.Random r = new java.util.Random(7);
        int n = 300;
        String[] y = new String[n];
        String[] s = new String[n];
        double[] sv = new double[n];
        int[] yv = new int[n];
        for (int i = 0; i < n; i++) {
            yv[i] = r.nextInt(2);
            sv[i] = r.nextInt(20) / 10.0; // many ties
            y[i] = Integer.toString(yv[i]);
            s[i] = Double.toString(sv[i]);
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (yv[i] == 1 && yv[j] == 0) {
                    pairs++;
                    wins += sv[i] > sv[j] ? 1 : sv[i] == sv[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(auc(y, s)).isCloseTo(wins / pairs, within(1e-12));
    }
}
