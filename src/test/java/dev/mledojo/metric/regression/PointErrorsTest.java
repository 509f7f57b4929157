package dev.mledojo.metric.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

/** medae, rmspe, smape and r2. */
class PointErrorsTest {

    private static final double EPS = 1e-6;
    private static final Table TRUTH = Table.of("id,y", "1,3", "2,-0.5", "3,2", "4,7");
    private static final Table PRED = Table.of("id,y", "1,2.5", "2,0", "3,2", "4,8");

    private static MetricContext ctx(Object... params) {
        return new MetricContext("id", List.of("y"), MetricParams.of(params));
    }

    @Test
    void medae() {
        MetricContext c = ctx("impl", "sklearn.median_absolute_error");
        assertThat(new Medae().score(TRUTH, PRED, c)).isCloseTo(0.5, within(EPS));
        assertThat(new Medae().score(Table.of("id,y", "1,1", "2,2", "3,3"), Table.of("id,y", "1,1", "2,2", "3,10"), c))
                .isEqualTo(0.0);
        // even count: mean of the two middle values
        assertThat(new Medae().score(Table.of("id,y", "1,0", "2,0", "3,0", "4,0"),
                Table.of("id,y", "1,1", "2,2", "3,4", "4,8"), c)).isCloseTo(3.0, within(EPS));
        assertThatThrownBy(() -> new Medae().score(TRUTH, Table.of("id,y", "1,", "2,0", "3,2", "4,8"), c))
                .isInstanceOf(ScoringException.class).hasMessageContaining("NaN");
        assertThat(new Medae().id()).isEqualTo("medae");
    }

    @Test
    void rmspeDropsZeroTruthRows() {
        MetricContext c = ctx("exclude", "rows with GT == 0", "nan", "skip");
        Table truth = Table.of("Id,Sales", "1,100", "2,0", "3,50", "4,200");
        Table pred = Table.of("Id,Sales", "1,110", "2,5", "3,50", "4,150");
        MetricContext sales = new MetricContext("Id", List.of("Sales"), c.params());
        assertThat(new Rmspe().score(truth, pred, sales)).isCloseTo(0.155456, within(EPS));
        assertThat(new Rmspe().score(truth, truth, sales)).isEqualTo(0.0);
        assertThat(new Rmspe().id()).isEqualTo("rmspe");
    }

    @Test
    void rmspeSkipsNaNAndFailsOnAllZeroTruth() {
        MetricContext c = new MetricContext("Id", List.of("Sales"), MetricParams.of("nan", "skip"));
        Table truth = Table.of("Id,Sales", "1,100", "2,50");
        assertThat(new Rmspe().score(truth, Table.of("Id,Sales", "1,110", "2,"), c)).isCloseTo(0.1, within(EPS));
        Table zeros = Table.of("Id,Sales", "1,0", "2,0");
        assertThatThrownBy(() -> new Rmspe().score(zeros, zeros, c)).isInstanceOf(ScoringException.class);
    }

    @Test
    void smapeExampleAndZeroZeroRows() {
        MetricContext numpy = ctx("percent", true, "zero_zero", 0, "nan", "propagate");
        Table truth = Table.of("id,y", "1,100", "2,0", "3,50");
        Table pred = Table.of("id,y", "1,110", "2,0", "3,0");
        assertThat(new Smape().score(truth, pred, numpy)).isCloseTo(69.841270, within(EPS));
        assertThat(new Smape().score(truth, truth, numpy)).isEqualTo(0.0);
        assertThat(new Smape().score(Table.of("id,y", "1,5"), Table.of("id,y", "1,0"), numpy))
                .isCloseTo(200.0, within(EPS));
        assertThat(new Smape().id()).isEqualTo("smape");
    }

    @Test
    void smapeNanVariants() {
        Table truth = Table.of("id,y", "1,100", "2,0", "3,50");
        Table pred = Table.of("id,y", "1,110", "2,0", "3,");
        MetricContext numpy = ctx("percent", true, "zero_zero", 0, "nan", "propagate");
        MetricContext demand = ctx("percent", true, "zero_zero", 0, "nan",
                "contributes 0 (skipped in sum, still counted in N)");
        assertThat(new Smape().score(truth, pred, numpy)).isNaN();
        // demand-forecasting: NaN row adds 0 but still counts in n
        assertThat(new Smape().score(truth, pred, demand)).isCloseTo(200.0 * 10 / 210 / 3, within(EPS));
        // a pandas mean would drop it from n instead
        assertThat(new Smape().score(truth, pred, ctx("nan", "skip"))).isCloseTo(200.0 * 10 / 210 / 2, within(EPS));
    }

    @Test
    void r2() {
        MetricContext c = ctx("impl", "sklearn.r2_score");
        assertThat(new R2().score(TRUTH, PRED, c)).isCloseTo(0.948608, within(EPS));
        Table meanPred = Table.of("id,y", "1,2.875", "2,2.875", "3,2.875", "4,2.875");
        assertThat(new R2().score(TRUTH, meanPred, c)).isCloseTo(0.0, within(EPS));
        assertThat(new R2().higherIsBetter()).isTrue();
    }

    @Test
    void r2ForceFiniteOnConstantTruth() {
        MetricContext c = ctx();
        Table constant = Table.of("id,y", "1,2", "2,2");
        assertThat(new R2().score(constant, constant, c)).isEqualTo(1.0);
        assertThat(new R2().score(constant, Table.of("id,y", "1,2", "2,3"), c)).isEqualTo(0.0);
        assertThat(new R2().score(Table.of("id,y", "1,2"), Table.of("id,y", "1,2"), c)).isNaN();
        assertThatThrownBy(() -> new R2().score(constant, Table.of("id,y", "1,2", "2,nan"), c))
                .isInstanceOf(ScoringException.class);
    }
}
