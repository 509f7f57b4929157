package dev.mledojo.metric.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;

class KendallTauSwapsTest {

    private static final double EPS = 1e-6;
    private static final MetricContext CTX = new MetricContext("id", List.of("cell_order"),
            MetricParams.of("formula", "1 - 4*sum(inversions)/sum(n*(n-1))", "n", "length of true order", "empty", 1.0));

    @Test
    void pooledExample() {
        Table truth = Table.of("id,cell_order", "A,c1 c2 c3 c4", "B,x y z");
        Table pred = Table.of("id,cell_order", "A,c2 c1 c3 c4", "B,z y x");
        assertThat(new KendallTauSwaps().score(truth, pred, CTX)).isCloseTo(0.111111, within(EPS));
        assertThat(new KendallTauSwaps().score(truth.selectRows(new int[] {0}), pred.selectRows(new int[] {0}), CTX))
                .isCloseTo(0.666667, within(EPS));
        assertThat(new KendallTauSwaps().score(truth, truth, CTX)).isEqualTo(1.0);
    }

    @Test
    void zeroDenominatorGivesOne() {
        Table truth = Table.of("id,cell_order", "A,c1", "B,c9");
        assertThat(new KendallTauSwaps().score(truth, truth, CTX)).isEqualTo(1.0);
    }

    @Test
    void cellSetMismatchIsInvalid() {
        Table truth = Table.of("id,cell_order", "A,c1 c2 c3");
        assertThatThrownBy(() -> new KendallTauSwaps().score(truth, Table.of("id,cell_order", "A,c1 c2 c9"), CTX))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("'A'")
                .hasMessageContaining("c3").hasMessageContaining("c9");
        assertThatThrownBy(() -> new KendallTauSwaps().score(truth, Table.of("id,cell_order", "A,c1 c2"), CTX))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("c3");
    }

    @Test
    void inversionCountByMergeSort() {
        assertThat(KendallTauSwaps.countInversions(new int[] {3, 2, 1, 0})).isEqualTo(6);
        assertThat(KendallTauSwaps.countInversions(new int[] {0, 1, 2})).isEqualTo(0);
        assertThat(KendallTauSwaps.countInversions(new int[] {1, 1, 0})).isEqualTo(2);
        int n = 2000;
        int[] reversed = new int[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = n - 1 - i;
        }
        assertThat(KendallTauSwaps.countInversions(reversed)).isEqualTo((long) n * (n - 1) / 2);
    }
}
