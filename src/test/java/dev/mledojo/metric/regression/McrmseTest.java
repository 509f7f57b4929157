package dev.mledojo.metric.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;

class McrmseTest {

    private static final double EPS = 1e-6;

    @Test
    void workedExample() {
        Table truth = Table.of("id,a,b", "1,3,1", "2,2,4");
        Table pred = Table.of("id,a,b", "1,2.5,2", "2,2,2");
        MetricContext c = new MetricContext("id", List.of("a", "b"), MetricParams.of("nan", "skip"));
        assertThat(new Mcrmse().score(truth, pred, c)).isCloseTo(0.967346, within(EPS));
        assertThat(new Mcrmse().score(truth, truth, c)).isEqualTo(0.0);
        assertThat(new Mcrmse().id()).isEqualTo("mcrmse");
    }

    @Test
    void nanRowsAreSkippedPerColumn() {
        Table truth = Table.of("id,a,b", "1,3,1", "2,2,4");
        Table pred = Table.of("id,a,b", "1,2.5,", "2,2,2");
        MetricContext c = new MetricContext("id", List.of("a", "b"), MetricParams.of("nan", "skip"));
        // column a: 0.353553; column b: only row 2 counts, RMSE 2
        assertThat(new Mcrmse().score(truth, pred, c)).isCloseTo((0.3535534 + 2.0) / 2, within(EPS));
    }

    @Test
    void scoredColumnsIgnoreOtherTargets() {
        Table truth = Table.of("id_seqpos,reactivity,deg_Mg_pH10,deg_pH10", "a_0,1,2,3", "a_1,0,0,0");
        Table pred = Table.of("id_seqpos,reactivity,deg_Mg_pH10,deg_pH10", "a_0,1,2,100", "a_1,1,0,100");
        MetricContext c = new MetricContext("id_seqpos", List.of("reactivity", "deg_Mg_pH10", "deg_pH10"),
                MetricParams.of("nan", "skip", "scored_columns", List.of("reactivity", "deg_Mg_pH10")));
        // reactivity RMSE sqrt(1/2), deg_Mg_pH10 perfect
        assertThat(new Mcrmse().score(truth, pred, c)).isCloseTo(Math.sqrt(0.5) / 2, within(EPS));
    }
}
