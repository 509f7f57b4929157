package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.cols;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static dev.mledojo.metric.classification.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class MacroAveragePrecisionTest {

    private final MacroAveragePrecision metric = new MacroAveragePrecision();

    @Test
    void workedExample() {
        assertThat(metric.id()).isEqualTo("macro_average_precision");
        var truth = cols(List.of("a", "b", "c"), s("1", "0", "1", "0"), s("0", "1", "0", "0"), s("0", "0", "0", "0"));
        var sub = cols(List.of("a", "b", "c"), s("0.9", "0.8", "0.3", "0.1"), s("0.2", "0.1", "0.3", "0.4"),
                s("0.5", "0.5", "0.5", "0.5"));
        assertThat(metric.score(truth, sub, ctx(List.of("a", "b", "c")))).isCloseTo(0.361111, within(TOL));
    }

    @Test
    void perfectWithOneEmptyColumnGivesThreeQuarters() {
        var truth = cols(List.of("a", "b", "c", "d"), s("1", "0"), s("0", "1"), s("1", "1"), s("0", "0"));
        var sub = cols(List.of("a", "b", "c", "d"), s("0.9", "0.1"), s("0.1", "0.9"), s("0.5", "0.4"),
                s("0.5", "0.4"));
        assertThat(metric.score(truth, sub, ctx(List.of("a", "b", "c", "d")))).isCloseTo(0.75, within(TOL));
    }

    @Test
    void columnsArePairedByPosition() {
        var truth = cols(List.of("a", "b"), s("1", "0"), s("0", "1"));
        var swapped = cols(List.of("b", "a"), s("0.1", "0.9"), s("0.9", "0.1"));
        // by position the "b" scores rank column a: AP(a) = 0.5, AP(b) = 0.5
        assertThat(metric.score(truth, swapped, ctx(List.of("a", "b")))).isCloseTo(0.5, within(TOL));
    }
}
