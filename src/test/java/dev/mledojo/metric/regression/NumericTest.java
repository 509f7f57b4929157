package dev.mledojo.metric.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.NanPolicy;
import dev.mledojo.metric.Numeric;

class NumericTest {

    @Test
    void pairwiseSumMatchesExactSumOnAllBlockShapes() {
        for (int n : new int[] {0, 1, 7, 8, 9, 127, 128, 129, 1000, 4097}) {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = (i % 13) * 0.25; // exactly representable, so every order gives the same sum
            }
            double expected = 0;
            for (double v : a) {
                expected += v;
            }
            assertThat(Numeric.sum(a)).isEqualTo(expected);
        }
    }

    @Test
    void pairwiseSumIsMoreAccurateThanNaive() {
        int n = 2_000_000;
        double[] a = new double[n];
        java.util.Arrays.fill(a, 0.1);
        assertThat(Numeric.sum(a)).isCloseTo(200_000.0, within(1e-8));
    }

    @Test
    void meanUnderPolicies() {
        assertThat(Numeric.mean(new double[] {1, Double.NaN, 3}, NanPolicy.SKIP)).isEqualTo(2.0);
        assertThat(Numeric.mean(new double[] {1, Double.NaN, 3}, NanPolicy.PROPAGATE)).isNaN();
        assertThat(Numeric.mean(new double[] {Double.NaN}, NanPolicy.SKIP)).isNaN();
        assertThat(Numeric.mean(new double[0])).isNaN();
    }

    @Test
    void lenientNanParameter() {
        assertThat(Numeric.nanPolicy(ctx("skip"), NanPolicy.ERROR)).isEqualTo(NanPolicy.SKIP);
        assertThat(Numeric.nanPolicy(ctx("propagate"), NanPolicy.ERROR)).isEqualTo(NanPolicy.PROPAGATE);
        assertThat(Numeric.nanPolicy(ctx("error"), NanPolicy.SKIP)).isEqualTo(NanPolicy.ERROR);
        assertThat(Numeric.nanPolicy(ctx("contributes 0 (...)"), NanPolicy.SKIP)).isEqualTo(NanPolicy.SKIP);
        assertThat(Numeric.nanPolicy(new MetricContext("id", List.of("y"), MetricParams.EMPTY), NanPolicy.ERROR))
                .isEqualTo(NanPolicy.ERROR);
    }

    private static MetricContext ctx(String nan) {
        return new MetricContext("id", List.of("y"), MetricParams.of("nan", nan));
    }
}
