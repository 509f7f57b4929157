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

class LaplaceLogLikelihoodTest {

    private static final double EPS = 1e-6;
    private static final MetricContext CTX = new MetricContext("Patient_Week", List.of("FVC", "Confidence"),
            MetricParams.of("sigma_min", 70, "delta_max", 1000, "scored_rows", "last 3 measured weeks per Patient",
                    "confidence_nan", 0));

    /** P1 has measured weeks 1, 5, 10, 12 and an unmeasured week 20; P2 has one measured week. */
    private static final Table TRUTH = Table.of("Patient_Week,FVC,Patient", "P1_1,1000,P1", "P1_5,2000,P1",
            "P1_10,2000,P1", "P1_12,2000,P1", "P1_20,,P1", "P2_-3,3000,P2");

    private static double row(double truth, double pred, double conf) {
        double sigma = Math.max(conf, 70);
        double delta = Math.min(Math.abs(truth - pred), 1000);
        return -Math.sqrt(2) * delta / sigma - Math.log(Math.sqrt(2) * sigma);
    }

    @Test
    void workedExampleRows() {
        assertThat(row(2000, 2100, 100)).isCloseTo(-6.365957, within(EPS));
        assertThat(row(2000, 3500, 50)).isCloseTo(-24.798120, within(EPS));
        Table truth = Table.of("Patient_Week,FVC,Patient", "A_1,2000,A", "B_1,2000,B");
        Table pred = Table.of("Patient_Week,FVC,Confidence", "B_1,3500,50", "A_1,2100,100");
        assertThat(new LaplaceLogLikelihood().score(truth, pred, CTX)).isCloseTo(-15.582039, within(EPS));
        assertThat(new LaplaceLogLikelihood().alignment()).isEqualTo(Metric.Alignment.CUSTOM);
        assertThat(new LaplaceLogLikelihood().higherIsBetter()).isTrue();
    }

    @Test
    void onlyTheThreeLatestMeasuredWeeksCount() {
        Table pred = Table.of("Patient_Week,FVC,Confidence", "P1_1,9999,100", "P1_5,2100,100", "P1_10,3500,50",
                "P1_12,2000,", "P1_20,1,1", "P2_-3,3000,70");
        double expected = (row(2000, 2100, 100) + row(2000, 3500, 50) + row(2000, 2000, 0) + row(3000, 3000, 70)) / 4;
        assertThat(new LaplaceLogLikelihood().score(TRUTH, pred, CTX)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void scoredRowsMissingFromTheSubmissionAreLeftOutAsInTheReference() {
        Table pred = Table.of("Patient_Week,FVC,Confidence", "P1_5,2100,100");
        assertThat(new LaplaceLogLikelihood().score(TRUTH, pred, CTX)).isCloseTo(-6.365957, within(EPS));
    }

    @Test
    void unknownIdIsInvalid() {
        Table pred = Table.of("Patient_Week,FVC,Confidence", "P1_5,2100,100", "P9_5,2100,100");
        assertThatThrownBy(() -> new LaplaceLogLikelihood().score(TRUTH, pred, CTX))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("P9_5")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.UNKNOWN_IDS));
    }

    @Test
    void duplicateScoredIdIsInvalid() {
        Table pred = Table.of("Patient_Week,FVC,Confidence", "P1_5,2100,100", "P1_5,2000,100");
        assertThatThrownBy(() -> new LaplaceLogLikelihood().score(TRUTH, pred, CTX))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("P1_5")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.DUPLICATE_IDS));
        // duplicates of an unscored week do not matter
        Table unscored = Table.of("Patient_Week,FVC,Confidence", "P1_5,2100,100", "P1_1,1,1", "P1_1,2,2");
        assertThat(new LaplaceLogLikelihood().score(TRUTH, unscored, CTX)).isCloseTo(-6.365957, within(EPS));
    }

    @Test
    void textFvcIsInvalid() {
        Table pred = Table.of("Patient_Week,FVC,Confidence", "P1_5,high,100");
        assertThatThrownBy(() -> new LaplaceLogLikelihood().score(TRUTH, pred, CTX))
                .isInstanceOf(InvalidSubmissionException.class);
    }

    @Test
    void nanPredictionPropagates() {
        Table pred = Table.of("Patient_Week,FVC,Confidence", "P1_5,,100", "P1_10,2000,100");
        assertThat(new LaplaceLogLikelihood().score(TRUTH, pred, CTX)).isNaN();
    }
}
