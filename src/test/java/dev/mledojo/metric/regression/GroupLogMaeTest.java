package dev.mledojo.metric.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;

class GroupLogMaeTest {

    private static final double EPS = 1e-6;
    private static final MetricContext CTX = new MetricContext("id", List.of("scalar_coupling_constant"),
            MetricParams.of("group_column", "type (from GT)", "floor", 1e-9));

    @Test
    void workedExample() {
        Table truth = Table.of("id,scalar_coupling_constant,type", "1,1.0,A", "2,2.0,A", "3,5.0,B");
        Table pred = Table.of("id,scalar_coupling_constant", "1,1.5", "2,1.5", "3,5.0");
        assertThat(new GroupLogMae().score(truth, pred, CTX)).isCloseTo(-10.708207, within(EPS));
        assertThat(new GroupLogMae().score(truth, truth, CTX)).isCloseTo(-20.723266, within(EPS));
        assertThat(new GroupLogMae().id()).isEqualTo("group_log_mae");
    }

    @Test
    void nanErrorsSkippedWithinGroupAndMissingGroupDropped() {
        Table truth = Table.of("id,scalar_coupling_constant,type", "1,1.0,A", "2,2.0,A", "3,5.0,B", "4,9.0,");
        Table pred = Table.of("id,scalar_coupling_constant", "1,1.5", "2,", "3,5.0", "4,100");
        // group A: only row 1 counts (MAE 0.5); row 4 has no type and is ignored
        assertThat(new GroupLogMae().score(truth, pred, CTX)).isCloseTo((Math.log(0.5) + Math.log(1e-9)) / 2,
                within(EPS));
    }

    @Test
    void groupWithoutAnyErrorIsNaN() {
        Table truth = Table.of("id,scalar_coupling_constant,type", "1,1.0,A", "2,5.0,B");
        Table pred = Table.of("id,scalar_coupling_constant", "1,", "2,5.0");
        assertThat(new GroupLogMae().score(truth, pred, CTX)).isNaN();
    }
}
