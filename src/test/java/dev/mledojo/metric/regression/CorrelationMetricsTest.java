package dev.mledojo.metric.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

/** spearman, pearson, mean_columnwise_spearman and mean_row_spearman. */
class CorrelationMetricsTest {

    private static final double EPS = 1e-6;
    private static final MetricContext Y = new MetricContext("id", List.of("y"), MetricParams.EMPTY);
    private static final Table T5 = Table.of("id,y", "1,1", "2,2", "3,3", "4,4", "5,5");
    private static final Table P5 = Table.of("id,y", "1,5", "2,6", "3,7", "4,8", "5,7");

    @Test
    void spearmanExamples() {
        assertThat(new Spearman().score(T5, P5, Y)).isCloseTo(0.820783, within(EPS));
        Table t = Table.of("id,y", "1,1", "2,2", "3,2", "4,3");
        Table p = Table.of("id,y", "1,1", "2,3", "3,2", "4,4");
        assertThat(new Spearman().score(t, p, Y)).isCloseTo(0.948683, within(EPS));
        assertThat(new Spearman().higherIsBetter()).isTrue();
    }

    @Test
    void spearmanConstantOrNaNPredictionGivesNaN() {
        Table constant = Table.of("id,y", "1,3", "2,3", "3,3", "4,3", "5,3");
        assertThat(new Spearman().score(T5, constant, Y)).isNaN();
        Table withNaN = Table.of("id,y", "1,5", "2,", "3,7", "4,8", "5,7");
        assertThat(new Spearman().score(T5, withNaN, Y)).isNaN();
    }

    @Test
    void spearmanDropsRowsWithMissingTruth() {
        MetricContext novozymes = new MetricContext("seq_id", List.of("tm"), MetricParams.of("impl",
                "scipy.stats.spearmanr", "drop", "GT rows with NaN tm (and matching submission rows)"));
        Table t = Table.of("seq_id,tm", "1,1", "2,2", "3,", "4,3", "5,4", "6,5");
        Table p = Table.of("seq_id,tm", "1,5", "2,6", "3,-100", "4,7", "5,8", "6,7");
        assertThat(new Spearman().score(t, p, novozymes)).isCloseTo(0.820783, within(EPS));
    }

    @Test
    void pearson() {
        assertThat(new Pearson().score(T5, P5, Y)).isCloseTo(0.832050, within(EPS));
        Table linear = Table.of("id,y", "1,3", "2,5", "3,7", "4,9", "5,11");
        assertThat(new Pearson().score(T5, linear, Y)).isCloseTo(1.0, within(1e-12));
        Table constant = Table.of("id,y", "1,3", "2,3", "3,3", "4,3", "5,3");
        assertThat(new Pearson().score(T5, constant, Y)).isNaN();
        assertThatThrownBy(() -> new Pearson().score(Table.of("id,y", "1,1"), Table.of("id,y", "1,1"), Y))
                .isInstanceOf(ScoringException.class);
    }

    @Test
    void meanColumnwiseSpearmanCountsUndefinedAsZero() {
        Table t = Table.of("id,a,b", "1,1,1", "2,2,2", "3,3,3", "4,4,4", "5,5,5");
        Table p = Table.of("id,a,b", "1,5,0", "2,6,0", "3,7,0", "4,8,0", "5,7,0");
        MetricContext c = new MetricContext("id", List.of("a", "b"),
                MetricParams.of("impl", "scipy.stats.spearmanr per column", "nan_to", 0.0));
        assertThat(new MeanColumnwiseSpearman().score(t, p, c)).isCloseTo(0.410391, within(EPS));
        assertThat(new MeanColumnwiseSpearman().id()).isEqualTo("mean_columnwise_spearman");
    }

    @Test
    void meanRowSpearman() {
        MetricContext c = new MetricContext("setId", List.of("day"), MetricParams.of("tokens", "space-separated ints"));
        Table t = Table.of("setId,day", "a,1 2 3 4 5", "b,1 2 3 4 5");
        Table p = Table.of("setId,day", "a,1 2 3 5 4", "b,5 4 3 2 1");
        assertThat(new MeanRowSpearman().score(t, p, c)).isCloseTo(-0.05, within(EPS));
        Table constant = Table.of("setId,day", "a,1 2 3 5 4", "b,3 3 3 3 3");
        assertThat(new MeanRowSpearman().score(t, constant, c)).isNaN();
    }

    @Test
    void meanRowSpearmanRejectsMalformedRows() {
        MetricContext c = new MetricContext("setId", List.of("day"), MetricParams.EMPTY);
        Table t = Table.of("setId,day", "a,1 2 3 4 5");
        assertThatThrownBy(() -> new MeanRowSpearman().score(t, Table.of("setId,day", "a,1 2 x 4 5"), c))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> new MeanRowSpearman().score(t, Table.of("setId,day", "a,1 2 3 4"), c))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("4 values");
        assertThatThrownBy(() -> new MeanRowSpearman().score(t, Table.of("setId,day", "a,"), c))
                .isInstanceOf(InvalidSubmissionException.class);
    }
}
