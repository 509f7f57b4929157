package dev.mledojo.metric.ranking;

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

class NdcgAtKTest {

    private static final double EPS = 1e-6;
    private static final MetricContext CTX = new MetricContext("id", List.of("country"),
            MetricParams.of("k", 5, "relevance", "single true country", "format", "long (one row per id and guess)"));
    private static final Table TRUTH = Table.of("id,country", "u1,US", "u2,NDF", "u3,IT");

    @Test
    void workedExample() {
        Table pred = Table.of("id,country", "u2,NDF", "u1,NDF", "u3,US", "u1,US", "u1,FR");
        assertThat(new NdcgAtK().score(TRUTH, pred, CTX)).isCloseTo(0.543643, within(EPS));
        assertThat(new NdcgAtK().alignment()).isEqualTo(Metric.Alignment.CUSTOM);
    }

    @Test
    void onlyTheFirstOccurrenceCounts() {
        Table pred = Table.of("id,country", "u1,FR", "u1,US", "u1,US", "u2,NDF", "u3,IT");
        assertThat(new NdcgAtK().score(TRUTH, pred, CTX)).isCloseTo((1 / (Math.log(3) / Math.log(2)) + 2) / 3,
                within(EPS));
    }

    @Test
    void moreThanKRowsForAnIdIsInvalid() {
        Table pred = Table.of("id,country", "u1,A", "u1,B", "u1,C", "u1,D", "u1,E", "u1,US", "u2,NDF", "u3,IT");
        assertThatThrownBy(() -> new NdcgAtK().score(TRUTH, pred, CTX)).isInstanceOf(InvalidSubmissionException.class)
                .hasMessageContaining("u1").hasMessageContaining("row 6")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.TOO_MANY_ROWS));
    }

    @Test
    void idSetsMustMatch() {
        Table unknown = Table.of("id,country", "u1,US", "u2,NDF", "u3,IT", "u4,US");
        assertThatThrownBy(() -> new NdcgAtK().score(TRUTH, unknown, CTX))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("u4")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.UNKNOWN_IDS));
        Table missing = Table.of("id,country", "u1,US", "u3,IT");
        assertThatThrownBy(() -> new NdcgAtK().score(TRUTH, missing, CTX))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("u2")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.MISSING_IDS));
    }
}
