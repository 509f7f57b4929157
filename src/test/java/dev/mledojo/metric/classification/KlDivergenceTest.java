package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

import java.util.List;

import org.junit.jupiter.api.Test;

class KlDivergenceTest {

    private static final String HEADER = "eeg_id,seizure_vote,lpd_vote,gpd_vote,lrda_vote,grda_vote,other_vote";
    private static final List<String> VOTES = List.of("seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote",
            "grda_vote", "other_vote");
    private final KlDivergence metric = new KlDivergence();
    private final MetricContext ctx = new MetricContext("eeg_id", VOTES, MetricParams.of("eps", 1e-15));

    @Test
    void workedExample() {
        assertThat(metric.id()).isEqualTo("kl_divergence");
        assertThat(metric.higherIsBetter()).isFalse();
        assertThat(metric.alignment()).isEqualTo(Metric.Alignment.CUSTOM);
        Table truth = Table.of(HEADER, "7,3,0,1,0,0,0", "8,0,0,0,0,0,2");
        Table sub = Table.of(HEADER, "7,0.5,0.1,0.2,0.1,0.05,0.05", "8,0,0,0,0,0,1");
        assertThat(metric.score(truth, sub, ctx)).isCloseTo(0.179942, within(TOL));
    }

    @Test
    void repeatedIdsPairInFileOrderWhateverTheIdOrder() {
        Table truth = Table.of(HEADER, "7,1,0,0,0,0,0", "8,0,0,0,0,0,2", "7,0,1,0,0,0,0");
        Table sub = Table.of(HEADER, "8,0,0,0,0,0,1", "7,1,0,0,0,0,0", "7,0,1,0,0,0,0");
        assertThat(metric.score(truth, sub, ctx)).isCloseTo(0.0, within(TOL));
    }

    @Test
    void zeroVotesAndNanPredictions() {
        Table truth = Table.of(HEADER, "7,0,0,0,0,0,0", "8,1,0,0,0,0,0");
        Table sub = Table.of(HEADER, "7,0.5,0.5,0,0,0,0", "8,1,0,0,0,0,");
        // the NaN sits where t = 0, so it is ignored; the zero-vote row contributes 0
        assertThat(metric.score(truth, sub, ctx)).isCloseTo(0.0, within(TOL));
        Table subNan = Table.of(HEADER, "7,0.5,0.5,0,0,0,0", "8,,0,0,0,0,1");
        assertThat(metric.score(truth, subNan, ctx)).isNaN();
    }

    @Test
    void validationErrors() {
        Table truth = Table.of(HEADER, "7,1,0,0,0,0,0", "7,0,1,0,0,0,0");
        assertThatThrownBy(() -> metric.score(truth, Table.of(HEADER, "7,1,0,0,0,0,0"), ctx))
                .isInstanceOf(InvalidSubmissionException.class)
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.ROW_COUNT));
        assertThatThrownBy(() -> metric.score(truth, Table.of(HEADER, "7,1,0,0,0,0,0", "9,1,0,0,0,0,0"), ctx))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("7")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.MISSING_IDS));
        assertThatThrownBy(() -> metric.score(truth, Table.of(HEADER, "7,0.5,0,0,0,0,0", "7,1,0,0,0,0,0"), ctx))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("sum to one")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.OUT_OF_RANGE));
        assertThatThrownBy(() -> metric.score(truth, Table.of(HEADER + ",x", "7,1,0,0,0,0,0,1",
                "7,1,0,0,0,0,0,1"), ctx)).isInstanceOf(InvalidSubmissionException.class)
                .hasMessageContaining("x");
    }
}
