package dev.mledojo.metric.classification;

import static dev.mledojo.metric.classification.Fixtures.TOL;
import static dev.mledojo.metric.classification.Fixtures.cols;
import static dev.mledojo.metric.classification.Fixtures.ctx;
import static dev.mledojo.metric.classification.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;

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

    @Test
    void rowsAreRankedInIdTextOrderBeforeTheDescendingSort() {
        // issue 12 (freesound): file order b, a, c; the reference ranks in id-text order a, b, c.
        // A: all scores tie, the positive is "b.wav": 2nd in id order, AP 1/2 (file order put it 1st: AP 1).
        // B: positives b, a ranked 1st and 3rd: (1 + 2/3)/2. C: positives a, c ranked 1st and 3rd: same.
        // D: the single positive ranked 1st: 1. Mean (1/2 + 5/6 + 5/6 + 1)/4 = 19/24 = 0.7917 (file order: 0.9167).
        var truth = Table.of("fname,A,B,C,D", "b.wav,1,1,0,0", "a.wav,0,1,1,0", "c.wav,0,0,1,1");
        var sub = Table.of("fname,A,B,C,D", "b.wav,0.5,0.9,0.6,0.3", "a.wav,0.5,0.1,0.7,0.3",
                "c.wav,0.5,0.5,0.2,0.8");
        var context = new MetricContext("fname", List.of("A", "B", "C", "D"), MetricParams.of("no_positive_label", 0.0));
        assertThat(metric.score(truth, sub, context)).isCloseTo(19.0 / 24, within(1e-15));
    }
}
