package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.col;
import static dev.mledojo.metric.classification.Fixtures.cols;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static dev.mledojo.metric.classification.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.ScoringException;

import java.util.List;

import org.junit.jupiter.api.Test;

class JigsawBiasAucTest {

    private final JigsawBiasAuc metric = new JigsawBiasAuc();
    private final dev.mledojo.metric.MetricContext ctx = ctx("prediction", "p", -5, "w", 0.25, "threshold", 0.5);

    @Test
    void workedExample() {
        assertThat(metric.id()).isEqualTo("jigsaw_bias_auc");
        var truth = cols(List.of("toxicity", "male"), s("0.9", "0.1", "0.7", "0.0", "0.6", "0.2"),
                s("1", "1", "0", "0", "1", ""));
        var sub = col("prediction", "0.8", "0.3", "0.6", "0.1", "0.2", "0.4");
        assertThat(metric.score(truth, sub, ctx)).isCloseTo(0.756944, within(TOL));
    }

    @Test
    void powerMeanPullsTowardTheWorst() {
        assertThat(JigsawBiasAuc.powerMean(List.of(0.9, 0.6, Double.NaN), -5)).isCloseTo(0.672376, within(TOL));
        assertThat(JigsawBiasAuc.powerMean(List.of(Double.NaN), -5)).isNaN();
    }

    @Test
    void missingIdentityColumnsLeaveOnlyTheOverallQuarter() {
        var truth = cols(List.of("toxicity"), s("0.9", "0.1"));
        assertThat(metric.score(truth, col("prediction", "0.8", "0.3"), ctx)).isCloseTo(0.25, within(TOL));
    }

    @Test
    void nanPredictionFailsEvaluation() {
        var truth = cols(List.of("toxicity"), s("0.9", "0.1"));
        assertThatThrownBy(() -> metric.score(truth, col("prediction", "0.8", ""), ctx))
                .isInstanceOf(ScoringException.class);
    }
}
