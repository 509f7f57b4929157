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

class MaeTest {

    private static final double EPS = 1e-6;

    private static MetricContext ctx(Object... params) {
        return new MetricContext("id", List.of("y"), MetricParams.of(params));
    }

    @Test
    void workedExample() {
        Table truth = Table.of("id,y", "1,3", "2,-0.5", "3,2", "4,7");
        Table pred = Table.of("id,y", "1,2.5", "2,0", "3,2", "4,8");
        assertThat(new Mae().score(truth, pred, ctx("nan", "error", "impl", "sklearn.mean_absolute_error")))
                .isCloseTo(0.5, within(EPS));
        assertThat(new Mae().id()).isEqualTo("mae");
        assertThat(new Mae().higherIsBetter()).isFalse();
    }

    @Test
    void conwaysPooledCells() {
        Table truth = Table.of("id,start_0,start_1", "1,1,0", "2,0,1");
        Table pred = Table.of("id,start_0,start_1", "1,1,1", "2,0,0");
        MetricContext c = new MetricContext("id", List.of("start_0", "start_1"),
                MetricParams.of("nan", "propagate", "pooled_columns", true, "cast", "float"));
        assertThat(new Mae().score(truth, pred, c)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void nanPolicies() {
        Table truth = Table.of("id,y", "1,1", "2,2", "3,3");
        Table pred = Table.of("id,y", "1,2", "2,NA", "3,5");
        assertThat(new Mae().score(truth, pred, ctx("nan", "skip"))).isCloseTo(1.5, within(EPS));
        assertThat(new Mae().score(truth, pred, ctx("nan", "propagate"))).isNaN();
        assertThatThrownBy(() -> new Mae().score(truth, pred, ctx("nan", "error")))
                .isInstanceOf(ScoringException.class);
    }

    @Test
    void missingTruthIsSkippedToo() {
        Table truth = Table.of("id,y", "1,1", "2,", "3,3");
        Table pred = Table.of("id,y", "1,2", "2,7", "3,5");
        assertThat(new Mae().score(truth, pred, ctx("nan", "skip"))).isCloseTo(1.5, within(EPS));
    }
}
