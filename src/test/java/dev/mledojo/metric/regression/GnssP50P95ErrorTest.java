package dev.mledojo.metric.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

class GnssP50P95ErrorTest {

    private static final double EPS = 1e-6;
    private static final MetricContext CTX = new MetricContext("tripId + UnixTimeMillis",
            List.of("LatitudeDegrees", "LongitudeDegrees"), MetricParams.of("radius_m", 6371000, "group", "tripId",
                    "percentiles", List.of(50, 95), "interpolation", "linear"));
    private static final String HEADER = "tripId,UnixTimeMillis,LatitudeDegrees,LongitudeDegrees";
    private static final double METRES_PER_DEGREE = 6371000 * Math.PI / 180;

    private static String row(String trip, long time, double lat) {
        return trip + "," + time + "," + lat + ",-122.0";
    }

    /** Trip A with errors 1, 2, 3, 10 m (listed out of order in the submission), trip B perfect. */
    private static Table truth() {
        return Table.of(HEADER, row("A", 1, 37), row("A", 2, 37), row("A", 3, 37), row("A", 4, 37), row("B", 1, 38));
    }

    private static Table prediction() {
        return Table.of(HEADER, row("B", 1, 38), row("A", 4, 37 + 10 / METRES_PER_DEGREE),
                row("A", 1, 37 + 1 / METRES_PER_DEGREE), row("A", 3, 37 + 3 / METRES_PER_DEGREE),
                row("A", 2, 37 + 2 / METRES_PER_DEGREE));
    }

    @Test
    void workedExample() {
        double score = new GnssP50P95Error().score(truth(), prediction(), CTX);
        assertThat(score).isCloseTo((5.725 + 0.0) / 2, within(EPS));
        Table tripA = truth().selectRows(new int[] {0, 1, 2, 3});
        Table predA = prediction().selectRows(new int[] {1, 2, 3, 4});
        assertThat(new GnssP50P95Error().score(tripA, predA, CTX)).isCloseTo(5.725, within(EPS));
        assertThat(new GnssP50P95Error().alignment()).isEqualTo(Metric.Alignment.CUSTOM);
    }

    @Test
    void haversineOfSmallLatitudeOffset() {
        assertThat(GnssP50P95Error.haversine(37.0, -122.0, 37.00001, -122.0, 6371000)).isCloseTo(1.111949,
                within(EPS));
    }

    @Test
    void nanTripIsSkippedInTheMeanOverTrips() {
        Table pred = Table.of(HEADER, "B,1,,-122.0", row("A", 4, 37 + 10 / METRES_PER_DEGREE),
                row("A", 1, 37 + 1 / METRES_PER_DEGREE), row("A", 3, 37 + 3 / METRES_PER_DEGREE),
                row("A", 2, 37 + 2 / METRES_PER_DEGREE));
        assertThat(new GnssP50P95Error().score(truth(), pred, CTX)).isCloseTo(5.725, within(EPS));
    }

    @Test
    void rowCountMustMatch() {
        Table pred = prediction().selectRows(new int[] {0, 1});
        assertThatThrownBy(() -> new GnssP50P95Error().score(truth(), pred, CTX))
                .isInstanceOf(InvalidSubmissionException.class)
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.ROW_COUNT));
    }

    @Test
    void unknownKeyAndDuplicatesAreInvalid() {
        Table unknown = Table.of(HEADER, row("B", 1, 38), row("A", 4, 37), row("A", 1, 37), row("A", 3, 37),
                row("A", 9, 37));
        assertThatThrownBy(() -> new GnssP50P95Error().score(truth(), unknown, CTX))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("UnixTimeMillis=9");
        Table duplicate = Table.of(HEADER, row("B", 1, 38), row("A", 4, 37), row("A", 1, 37), row("A", 3, 37),
                row("A", 3, 37));
        assertThatThrownBy(() -> new GnssP50P95Error().score(truth(), duplicate, CTX))
                .isInstanceOf(InvalidSubmissionException.class)
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.DUPLICATE_IDS));
    }

    @Test
    void floatTimesDoNotMatchIntegerTimes() {
        Table pred = Table.of(HEADER, "B,1.0,38,-122.0", "A,4.0,37,-122.0", "A,1.0,37,-122.0", "A,3.0,37,-122.0",
                "A,2.0,37,-122.0");
        assertThatThrownBy(() -> new GnssP50P95Error().score(truth(), pred, CTX))
                .isInstanceOf(InvalidSubmissionException.class);
    }
}
