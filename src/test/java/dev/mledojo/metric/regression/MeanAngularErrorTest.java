package dev.mledojo.metric.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;

class MeanAngularErrorTest {

    private static final double EPS = 1e-6;
    private static final MetricContext CTX = new MetricContext("event_id", List.of("azimuth", "zenith"),
            MetricParams.of("clip_cos", List.of(-1, 1)));
    private static final String HALF_PI = Double.toString(Math.PI / 2);

    @Test
    void workedExample() {
        Table truth = Table.of("event_id,azimuth,zenith", "1,0," + HALF_PI, "2,1,1");
        Table pred = Table.of("event_id,azimuth,zenith", "1," + HALF_PI + "," + HALF_PI, "2,1,1");
        assertThat(new MeanAngularError().score(truth, pred, CTX)).isCloseTo(0.785398, within(EPS));
        assertThat(new MeanAngularError().score(truth.selectRows(new int[] {0}), pred.selectRows(new int[] {0}), CTX))
                .isCloseTo(1.570796, within(EPS));
        assertThat(new MeanAngularError().id()).isEqualTo("mean_angular_error");
    }

    @Test
    void clippingKeepsIdenticalDirectionsAtZero() {
        // rounding can push the cosine slightly above 1; the clip keeps arccos defined
        Table truth = Table.of("event_id,azimuth,zenith", "1,0.3,0.7", "2,5.1,2.9");
        assertThat(new MeanAngularError().score(truth, truth, CTX)).isCloseTo(0.0, within(1e-7));
    }

    @Test
    void nanPropagates() {
        Table truth = Table.of("event_id,azimuth,zenith", "1,0,1", "2,1,1");
        Table pred = Table.of("event_id,azimuth,zenith", "1,,1", "2,1,1");
        assertThat(new MeanAngularError().score(truth, pred, CTX)).isNaN();
    }

    @Test
    void columnsFoundByNameInAnyOrder() {
        MetricContext reversed = new MetricContext("event_id", List.of("zenith", "azimuth"), MetricParams.EMPTY);
        Table truth = Table.of("event_id,azimuth,zenith", "1,0," + HALF_PI);
        Table pred = Table.of("event_id,azimuth,zenith", "1," + HALF_PI + "," + HALF_PI);
        assertThat(new MeanAngularError().score(truth, pred, reversed)).isCloseTo(Math.PI / 2, within(EPS));
    }
}
