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
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

class RmsleTest {

    private static final double EPS = 1e-6;

    private static final MetricParams SKLEARN = MetricParams.of("log", "log1p", "nan", "error", "negative_pred",
            "error if <= -1 (values in (-1,0) accepted)", "impl", "sqrt(sklearn.mean_squared_log_error)");
    private static final MetricParams NUMPY = MetricParams.of("log", "log1p", "nan", "propagate", "negative_pred", "nan");
    private static final MetricParams PANDAS = MetricParams.of("log", "log(x+1)", "nan", "skip", "negative_pred",
            "nan -> silently skipped");
    private static final MetricParams BIMBO = MetricParams.of("log", "log1p", "nan", "propagate", "negative_pred",
            "clipped to 0", "clip_min", 0);

    private static MetricContext ctx(MetricParams params) {
        return new MetricContext("id", List.of("y"), params);
    }

    private static double rmsle(String[] y, String[] p, MetricParams params) {
        String[] truthRows = new String[y.length];
        String[] predRows = new String[p.length];
        for (int i = 0; i < y.length; i++) {
            truthRows[i] = i + "," + y[i];
            predRows[i] = i + "," + p[i];
        }
        return new Rmsle().score(Table.of("id,y", truthRows), Table.of("id,y", predRows), ctx(params));
    }

    @Test
    void workedExampleAllVariants() {
        String[] y = {"3", "5", "2.5", "7"};
        String[] p = {"2.5", "5", "4", "8"};
        for (MetricParams params : List.of(SKLEARN, NUMPY, PANDAS, BIMBO)) {
            assertThat(rmsle(y, p, params)).isCloseTo(0.199324, within(EPS));
        }
        assertThat(rmsle(new String[] {"1"}, new String[] {"1"}, NUMPY)).isEqualTo(0.0);
    }

    @Test
    void grupoBimboClipsBothSides() {
        String[] y = {"0", "10"};
        String[] p = {"-0.5", "10"};
        assertThat(rmsle(y, p, BIMBO)).isCloseTo(0.0, within(EPS));
        assertThat(rmsle(y, p, NUMPY)).isCloseTo(0.490129, within(EPS));
        assertThat(rmsle(y, p, SKLEARN)).isCloseTo(0.490129, within(EPS)); // (-1, 0) is accepted by sklearn 1.6.1
    }

    @Test
    void belowMinusOne() {
        String[] y = {"0", "10"};
        String[] p = {"-1.5", "10"};
        assertThatThrownBy(() -> rmsle(y, p, SKLEARN)).isInstanceOf(ScoringException.class)
                .hasMessageContaining("less than or equal to -1");
        assertThat(rmsle(y, p, NUMPY)).isNaN();
        // pandas drops the NaN log term: only the perfect row remains
        assertThat(rmsle(y, p, PANDAS)).isEqualTo(0.0);
        // exactly -1 is rejected by sklearn and gives inf in NumPy
        assertThatThrownBy(() -> rmsle(y, new String[] {"-1", "10"}, SKLEARN)).isInstanceOf(ScoringException.class);
        assertThat(rmsle(y, new String[] {"-1", "10"}, NUMPY)).isInfinite();
    }

    @Test
    void sklearnVariantFailsOnNaN() {
        assertThatThrownBy(() -> rmsle(new String[] {"1", "2"}, new String[] {"1", ""}, SKLEARN))
                .isInstanceOf(ScoringException.class).hasMessageContaining("NaN");
        assertThat(rmsle(new String[] {"1", "2"}, new String[] {"1", ""}, NUMPY)).isNaN();
        assertThat(rmsle(new String[] {"1", "2"}, new String[] {"1", ""}, PANDAS)).isEqualTo(0.0);
    }

    @Test
    void pooledColumns() {
        Table truth = Table.of("id,a,b", "1,10,0", "2,0,0");
        Table pred = Table.of("id,a,b", "1,12,0", "2,1,0");
        MetricContext c = new MetricContext("id", List.of("a", "b"),
                MetricParams.of("log", "log1p", "nan", "propagate", "pooled_columns", true));
        double expected = Math.sqrt((Math.pow(Math.log(13) - Math.log(11), 2) + Math.pow(Math.log(2), 2)) / 4);
        assertThat(new Rmsle().score(truth, pred, c)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void meanColumnwiseExample() {
        Table truth = Table.of("id,a,b", "1,10,5", "2,0,6");
        Table pred = Table.of("id,a,b", "1,12,5", "2,1,6");
        MetricContext c = new MetricContext("id", List.of("a", "b"), NUMPY);
        assertThat(new MeanColumnwiseRmsle().score(truth, pred, c)).isCloseTo(0.252081, within(EPS));
        assertThat(new MeanColumnwiseRmsle().score(truth, truth, c)).isEqualTo(0.0);
        assertThat(new MeanColumnwiseRmsle().id()).isEqualTo("mean_columnwise_rmsle");
    }

    @Test
    void meanColumnwiseNanSkipVersusPropagate() {
        Table truth = Table.of("id,a,b", "1,10,5", "2,0,6");
        Table pred = Table.of("id,a,b", "1,12,5", "2,,6");
        MetricContext skip = new MetricContext("id", List.of("a", "b"),
                MetricParams.of("log", "log1p", "nan", "skip", "negative_pred", "nan -> silently skipped"));
        double columnA = Math.abs(Math.log(13) - Math.log(11));
        assertThat(new MeanColumnwiseRmsle().score(truth, pred, skip)).isCloseTo(columnA / 2, within(1e-12));
        assertThat(new MeanColumnwiseRmsle().score(truth, pred, new MetricContext("id", List.of("a", "b"), NUMPY)))
                .isNaN();
    }

    @Test
    void week3RejectsNegativePredictions() {
        Table truth = Table.of("ForecastId,ConfirmedCases,Fatalities", "1,10,5", "2,0,6");
        Table pred = Table.of("ForecastId,ConfirmedCases,Fatalities", "1,12,5", "2,-0.1,6");
        MetricContext c = new MetricContext("ForecastId", List.of("ConfirmedCases", "Fatalities"),
                MetricParams.of("log", "log(x+1)", "nan", "propagate", "negative_pred", "error"));
        assertThatThrownBy(() -> new MeanColumnwiseRmsle().score(truth, pred, c))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessageContaining("ConfirmedCases").hasMessageContaining("'2'")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.OUT_OF_RANGE));
        Table negativeTruth = Table.of("ForecastId,ConfirmedCases,Fatalities", "1,10,5", "2,-3,6");
        assertThatThrownBy(() -> new MeanColumnwiseRmsle().score(negativeTruth, truth, c))
                .isInstanceOf(ScoringException.class);
        // the NumPy variants score the same small negative normally
        MetricContext week2 = new MetricContext("ForecastId", List.of("ConfirmedCases", "Fatalities"), NUMPY);
        assertThat(new MeanColumnwiseRmsle().score(truth, pred, week2)).isFinite();
    }
}
