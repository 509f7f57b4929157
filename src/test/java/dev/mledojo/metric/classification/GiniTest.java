package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.col;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GiniTest {

    private final GiniFromAuc fromAuc = new GiniFromAuc();
    private final NormalizedGini normalized = new NormalizedGini();

    @Test
    void giniFromAucExamples() {
        assertThat(fromAuc.id()).isEqualTo("gini_from_auc");
        assertThat(fromAuc.score(col("y", "0", "0", "1", "1"), col("y", "0.1", "0.4", "0.35", "0.8"), ctx("y")))
                .isCloseTo(0.5, within(TOL));
        assertThat(fromAuc.score(col("y", "0", "1"), col("y", "0.5", "0.5"), ctx("y"))).isCloseTo(0.0, within(TOL));
        assertThat(fromAuc.score(col("y", "0", "1"), col("y", "0.9", "0.1"), ctx("y"))).isCloseTo(-1.0, within(TOL));
    }

    @Test
    void giniFromAucSingleClassIsZeroNotNan() {
        assertThat(fromAuc.score(col("y", "1", "1"), col("y", "0.9", "0.1"), ctx("y", "single_class", 0.0)))
                .isEqualTo(0.0);
    }

    @Test
    void normalizedGiniWorkedExampleBothOrders() {
        assertThat(normalized.id()).isEqualTo("normalized_gini");
        var truth = col("y", "1", "0", "0", "1", "0");
        var sub = col("y", "0.9", "0.1", "0.8", "0.7", "0.2");
        assertThat(normalized.score(truth, sub, ctx("y", "order", "argsort_ascending(-pred)")))
                .isCloseTo(2.0 / 3, within(TOL));
        assertThat(normalized.score(truth, sub, ctx("y", "order", "reverse(argsort_ascending(pred))")))
                .isCloseTo(2.0 / 3, within(TOL));
    }

    @Test
    void tiesFollowTheConfiguredOrder() {
        var truth = col("y", "2", "0", "1", "3");
        var sub = col("y", "0.4", "0.4", "0.1", "0.9");
        assertThat(normalized.score(truth, sub, ctx("y", "order", "argsort_ascending(-pred)")))
                .isCloseTo(0.8, within(TOL));
        assertThat(normalized.score(truth, sub, ctx("y", "order", "reverse(argsort_ascending(pred))")))
                .isCloseTo(0.4, within(TOL));
    }

    @Test
    void allZeroTruthGivesZero() {
        assertThat(normalized.score(col("y", "0", "0", "0"), col("y", "0.1", "0.5", "0.2"), ctx("y")))
                .isEqualTo(0.0);
    }
}
