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

class RmseTest {

    private static final double EPS = 1e-6;

    private static final Table TRUTH = Table.of("id,y", "1,3", "2,-0.5", "3,2", "4,7");
    private static final Table PRED = Table.of("id,y", "1,2.5", "2,0", "3,2", "4,8");

    private static MetricContext ctx(Object... params) {
        return new MetricContext("id", List.of("y"), MetricParams.of(params));
    }

    @Test
    void workedExample() {
        assertThat(new Rmse().score(TRUTH, PRED, ctx("nan", "skip"))).isCloseTo(0.612372, within(EPS));
        assertThat(new Rmse().score(TRUTH, PRED, ctx("nan", "error"))).isCloseTo(0.612372, within(EPS));
        assertThat(new Rmse().id()).isEqualTo("rmse");
        assertThat(new Rmse().higherIsBetter()).isFalse();
    }

    @Test
    void nanPolicies() {
        Table truth = Table.of("id,y", "1,1", "2,2", "3,3");
        Table pred = Table.of("id,y", "1,1", "2,", "3,5");
        assertThat(new Rmse().score(truth, pred, ctx("nan", "skip"))).isCloseTo(1.414214, within(EPS));
        assertThat(new Rmse().score(truth, pred, ctx("nan", "propagate"))).isNaN();
        assertThatThrownBy(() -> new Rmse().score(truth, pred, ctx("nan", "error")))
                .isInstanceOf(ScoringException.class).hasMessageContaining("Input contains NaN");
    }

    @Test
    void sklearnVariantRejectsInfinity() {
        Table truth = Table.of("id,y", "1,1", "2,2");
        Table pred = Table.of("id,y", "1,inf", "2,2");
        assertThatThrownBy(() -> new Rmse().score(truth, pred, ctx("nan", "error")))
                .isInstanceOf(ScoringException.class).hasMessageContaining("infinity");
        assertThat(new Rmse().score(truth, pred, ctx("nan", "propagate"))).isInfinite();
    }

    @Test
    void pooledColumnsAreOneMeanOverAllCells() {
        Table truth = Table.of("id,a,b", "1,1,0", "2,0,1");
        Table pred = Table.of("id,a,b", "1,0.5,0", "2,0,0");
        MetricContext c = new MetricContext("id", List.of("a", "b"),
                MetricParams.of("nan", "propagate", "pooled_columns", true));
        assertThat(new Rmse().score(truth, pred, c)).isCloseTo(0.559017, within(EPS));
    }

    @Test
    void predictionColumnMapping() {
        Table pred = Table.of("id,prediction", "1,2.5", "2,0", "3,2", "4,8");
        MetricContext c = new MetricContext("id", List.of("y"), MetricParams.of("prediction_column", "prediction"));
        assertThat(new Rmse().score(TRUTH, pred, c)).isCloseTo(0.612372, within(EPS));
    }

    @Test
    void textPredictionIsInvalid() {
        Table pred = Table.of("id,y", "1,2.5", "2,abc", "3,2", "4,8");
        assertThatThrownBy(() -> new Rmse().score(TRUTH, pred, ctx("nan", "skip")))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("abc");
    }

    @Test
    void mseHasNoSquareRoot() {
        assertThat(new Mse().score(TRUTH, PRED, ctx("nan", "error", "impl", "sklearn.mean_squared_error")))
                .isCloseTo(0.375, within(EPS));
        assertThat(new Mse().score(Table.of("id,y", "1,10"), Table.of("id,y", "1,12"), ctx()))
                .isCloseTo(4.0, within(EPS));
        assertThat(new Mse().id()).isEqualTo("mse");
        assertThat(new Mse().higherIsBetter()).isFalse();
    }

    @Test
    void mseFailsOnNaNByDefault() {
        assertThatThrownBy(() -> new Mse().score(Table.of("id,y", "1,10"), Table.of("id,y", "1,NaN"), ctx()))
                .isInstanceOf(ScoringException.class).hasMessageContaining("NaN");
    }

    @Test
    void largeInputUsesPairwiseSummation() {
        int n = 1_000_000;
        String[] ids = new String[n];
        String[] ys = new String[n];
        String[] ps = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Integer.toString(i);
            ys[i] = "0.1";
            ps[i] = "0.0";
        }
        Table truth = Table.ofColumns(List.of("id", "y"), List.of(ids, ys));
        Table pred = Table.ofColumns(List.of("id", "y"), List.of(ids, ps));
        assertThat(new Rmse().score(truth, pred, ctx("nan", "propagate"))).isCloseTo(0.1, within(1e-12));
    }
}
