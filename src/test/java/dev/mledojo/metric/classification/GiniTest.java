package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.col;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;

import java.util.List;

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

    @Test
    void portoTiesFollowTheIdAsTextNotTheAnswerFileOrder() {
        // issue 12: the reference sorts by str(id) ("326" < "347") before argsort(-pred); both predictions tie at 0
        var truth = Table.of("id,target", "347,0", "326,1");
        var sub = Table.of("id,target", "347,0", "326,0");
        var context = new MetricContext("id", List.of("target"),
                MetricParams.of("order", "argsort_ascending(-pred)", "zero_guard", 0.0));
        assertThat(normalized.score(truth, sub, context)).isEqualTo(1.0);
    }

    @Test
    void libertyTiesFollowTheIdAsTextNotTheAnswerFileOrder() {
        // issue 12: sorted by id text the truth is [14, 17]; reverse(argsort([11, 11])) = [1, 0] gives [17, 14],
        // the perfect order too: G = (48/31 - 1.5)/2 for both, so 1.0 (the answer-file order gave -1.0)
        var truth = Table.of("Id,Hazard", "254,17", "252,14");
        var sub = Table.of("Id,Hazard", "254,11.0", "252,11.0");
        var context = new MetricContext("Id", List.of("Hazard"),
                MetricParams.of("order", "reverse(argsort_ascending(pred))", "zero_guard", 0.0));
        assertThat(normalized.score(truth, sub, context)).isEqualTo(1.0);
    }

    @Test
    void idTextOrderIsPandasRenderingComparedAsText() {
        // ids 10 and 9 are integers: as text "10" < "9", so row "10" comes first although 9 < 10
        var truth = Table.of("id,target", "9,1", "10,0");
        var sub = Table.of("id,target", "9,0.5", "10,0.5");
        assertThat(normalized.score(truth, sub, ctx("target"))).isEqualTo(-1.0);
    }
}
