package dev.mledojo.metric.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

class MapAtKTest {

    private static final double EPS = 1e-6;
    private static final MetricContext SINGLE3 = new MetricContext("id", List.of("answer"),
            MetricParams.of("k", 3, "truth", "single", "duplicate_hits", "first occurrence only"));
    private static final MetricContext HM = new MetricContext("customer_id", List.of("prediction"),
            MetricParams.of("k", 12, "truth", "multi (space-separated list)", "duplicate_hits",
                    "each counted (no de-dup; AP can exceed 1)", "empty_truth", 0.0, "normalizer", "min(|truth|,k)"));

    @Test
    void singleTruthExample() {
        Table truth = Table.of("id,answer", "1,B", "2,C", "3,D");
        Table pred = Table.of("id,answer", "1,A B C", "2,C A B", "3,A B C");
        assertThat(new MapAtK().score(truth, pred, SINGLE3)).isCloseTo(0.5, within(EPS));
        assertThat(new MapAtK().id()).isEqualTo("map_at_k");
        assertThat(new MapAtK().higherIsBetter()).isTrue();
    }

    @Test
    void singleTruthOnlyFirstKTokensAndFirstHitCount() {
        Table truth = Table.of("id,answer", "1,D", "2,A");
        Table pred = Table.of("id,answer", "1,A B C D", "2,B A A");
        assertThat(new MapAtK().score(truth, pred, SINGLE3)).isCloseTo((0 + 0.5) / 2, within(EPS));
    }

    @Test
    void singleTruthComparesStringifiedIntegerLabels() {
        MetricContext hotel = new MetricContext("image", List.of("hotel_id"), MetricParams.of("k", 5, "truth", "single"));
        Table truth = Table.of("image,hotel_id", "a.jpg,123", "b.jpg,7");
        Table pred = Table.of("image,hotel_id", "a.jpg,9 123", "b.jpg,7");
        assertThat(new MapAtK().score(truth, pred, hotel)).isCloseTo(0.75, within(EPS));
    }

    @Test
    void missingPredictionScoresZeroOrFailsWithNanError() {
        Table truth = Table.of("id,answer", "1,B", "2,C");
        Table pred = Table.of("id,answer", "1,B", "2,");
        assertThat(new MapAtK().score(truth, pred, SINGLE3)).isCloseTo(0.5, within(EPS));
        MetricContext strict = new MetricContext("id", List.of("answer"),
                MetricParams.of("k", 3, "truth", "single", "nan", "error"));
        assertThatThrownBy(() -> new MapAtK().score(truth, pred, strict))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("Column 'answer' has no prediction for id '2'; give at least one label in every row (an "
                        + "empty cell is not a valid prediction).")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.MISSING_VALUES));
    }

    @Test
    void kaggleLlmMissingPredictionIsAnInvalidSubmission() {
        // issue 12: the reference crashes on NaN.split(); with the task's params plus "nan": "error" we refuse the
        // submission with a typed error instead of scoring the row 0
        MetricContext llm = new MetricContext("id", List.of("answer"), MetricParams.of("k", 3, "truth", "single",
                "duplicate_hits", "first occurrence only", "nan", "error"));
        Table truth = Table.of("id,answer", "0,A", "1,E", "2,C");
        Table pred = Table.of("id,answer", "0,A B C", "1,NA", "2,C");
        assertThatThrownBy(() -> new MapAtK().score(truth, pred, llm))
                .isInstanceOf(InvalidSubmissionException.class)
                .hasMessage("Column 'answer' has no prediction for id '1'; give at least one label in every row (an "
                        + "empty cell is not a valid prediction).")
                .satisfies(e -> assertThat(((InvalidSubmissionException) e).kind())
                        .isEqualTo(SubmissionErrorKind.MISSING_VALUES));
        Table filled = Table.of("id,answer", "0,A B C", "1,D E", "2,C");
        assertThat(new MapAtK().score(truth, filled, llm)).isCloseTo((1 + 0.5 + 1) / 3.0, within(EPS));
    }

    @Test
    void handMExample() {
        Table truth = Table.of("customer_id,prediction", "c1,a b c");
        Table pred = Table.of("customer_id,prediction", "c1,a x b");
        assertThat(new MapAtK().score(truth, pred, HM)).isCloseTo(0.555556, within(EPS));
    }

    @Test
    void handMDuplicateHitsCountAgain() {
        Table truth = Table.of("customer_id,prediction", "c1,a");
        Table pred = Table.of("customer_id,prediction", "c1,a a");
        assertThat(new MapAtK().score(truth, pred, HM)).isCloseTo(2.0, within(EPS));
    }

    @Test
    void handMNormaliserIsCappedAtK() {
        MetricContext k2 = new MetricContext("customer_id", List.of("prediction"),
                MetricParams.of("k", 2, "truth", "multi"));
        Table truth = Table.of("customer_id,prediction", "c1,a b c d");
        Table pred = Table.of("customer_id,prediction", "c1,a b c");
        assertThat(new MapAtK().score(truth, pred, k2)).isCloseTo(1.0, within(EPS));
        assertThat(MapAtK.multiAp(new String[0], new String[] {"a"}, 12)).isEqualTo(0.0);
    }

    @Test
    void millionRows() {
        int n = 1_000_000;
        String[] ids = new String[n];
        String[] truthCells = new String[n];
        String[] predCells = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + i;
            truthCells[i] = "a" + (i % 7) + " b" + (i % 5);
            predCells[i] = "x a" + (i % 7) + " y z b" + (i % 5) + " q r s t u v w";
        }
        Table truth = Table.ofColumns(List.of("customer_id", "prediction"), List.of(ids, truthCells));
        Table pred = Table.ofColumns(List.of("customer_id", "prediction"), List.of(ids, predCells));
        // hits at positions 2 and 5: (1/2 + 2/5) / 2
        assertThat(new MapAtK().score(truth, pred, HM)).isCloseTo(0.45, within(1e-9));
    }
}
