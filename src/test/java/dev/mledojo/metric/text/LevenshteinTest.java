package dev.mledojo.metric.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

/** mean_levenshtein and normalized_token_levenshtein. */
class LevenshteinTest {

    private static final double EPS = 1e-6;
    private static final MetricContext SENTENCE = new MetricContext("id", List.of("sentence"),
            MetricParams.of("unit", "character", "impl", "python-Levenshtein distance"));
    private static final MetricContext GESTURES = new MetricContext("Id", List.of("Sequence"),
            MetricParams.of("unit", "integer token", "normalizer", "total number of true tokens"));

    @Test
    void meanLevenshteinExample() {
        Table truth = Table.of("id,sentence", "1,kitten", "2,abc");
        Table pred = Table.of("id,sentence", "1,sitting", "2,abc");
        assertThat(new MeanLevenshtein().score(truth, pred, SENTENCE)).isCloseTo(1.5, within(EPS));
        assertThat(new MeanLevenshtein().id()).isEqualTo("mean_levenshtein");
        assertThat(new MeanLevenshtein().higherIsBetter()).isFalse();
    }

    @Test
    void distanceCountsCodePointsNotUtf16Units() {
        // U+1F600 is two UTF-16 units but one code point
        assertThat(EditDistance.of("a\uD83D\uDE00b", "ab")).isEqualTo(1);
        assertThat(EditDistance.of("\uD83D\uDE00", "\uD83D\uDE01")).isEqualTo(1);
        assertThat(EditDistance.of("", "abc")).isEqualTo(3);
        assertThat(EditDistance.of("flaw", "lawn")).isEqualTo(2);
        assertThat(EditDistance.of("InChI=1S/C2H6O", "InChI=1S/C2H5O")).isEqualTo(1);
    }

    @Test
    void missingSentenceFailsTheEvaluation() {
        Table truth = Table.of("id,sentence", "1,kitten", "2,abc");
        Table pred = Table.of("id,sentence", "1,sitting", "2,");
        assertThatThrownBy(() -> new MeanLevenshtein().score(truth, pred, SENTENCE))
                .isInstanceOf(ScoringException.class).hasMessageContaining("'2'");
    }

    @Test
    void tokenLevenshteinExample() {
        Table truth = Table.of("Id,Sequence", "1,1 2 3", "2,4 5");
        Table pred = Table.of("Id,Sequence", "1,1 3", "2,4 5 6");
        assertThat(new NormalizedTokenLevenshtein().score(truth, pred, GESTURES)).isCloseTo(0.4, within(EPS));
        assertThat(new NormalizedTokenLevenshtein().score(truth, truth, GESTURES)).isEqualTo(0.0);
    }

    @Test
    void tokensCompareAsIntegers() {
        Table truth = Table.of("Id,Sequence", "1,1 2 3");
        Table pred = Table.of("Id,Sequence", "1,01 2 +3");
        assertThat(new NormalizedTokenLevenshtein().score(truth, pred, GESTURES)).isEqualTo(0.0);
        // a single-integer column is read as int64 and stringified back
        Table single = Table.of("Id,Sequence", "1,7");
        assertThat(new NormalizedTokenLevenshtein().score(single, Table.of("Id,Sequence", "1,8"), GESTURES))
                .isCloseTo(1.0, within(EPS));
    }

    @Test
    void malformedSequenceIsInvalid() {
        Table truth = Table.of("Id,Sequence", "1,1 2 3", "2,4 5");
        assertThatThrownBy(() -> new NormalizedTokenLevenshtein().score(truth,
                Table.of("Id,Sequence", "1,1 2 3", "2,4 five"), GESTURES))
                .isInstanceOf(InvalidSubmissionException.class).hasMessageContaining("'2'");
        assertThatThrownBy(() -> new NormalizedTokenLevenshtein().score(truth,
                Table.of("Id,Sequence", "1,1 2 3", "2,"), GESTURES))
                .isInstanceOf(InvalidSubmissionException.class);
    }
}
