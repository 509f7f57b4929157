package dev.mledojo.metric.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.metric.MetricContext;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.PyStrings;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.Table;

class WordJaccardTest {

    private static final double EPS = 1e-6;
    private static final MetricContext CHAII = new MetricContext("id", List.of("PredictionString"), MetricParams.of(
            "lowercase", true, "tokens", "whitespace split of str() (NaN -> 'nan')", "empty_both", 1.0));
    private static final MetricContext TWEET = new MetricContext("textID", List.of("selected_text"),
            MetricParams.of("lowercase", true, "tokens", "whitespace split (NaN -> error)", "empty_both", 0.0));

    @Test
    void example() {
        Table truth = Table.of("id,PredictionString", "1,Sad day today");
        Table pred = Table.of("id,PredictionString", "1,so sad today");
        assertThat(new WordJaccard().score(truth, pred, CHAII)).isCloseTo(0.5, within(EPS));
        Table t2 = Table.of("textID,selected_text", "1,Sad day today");
        Table p2 = Table.of("textID,selected_text", "1,so sad today");
        assertThat(new WordJaccard().score(t2, p2, TWEET)).isCloseTo(0.5, within(EPS));
        assertThat(new WordJaccard().higherIsBetter()).isTrue();
    }

    @Test
    void bothEmptyConvention() {
        // a whitespace-only cell is not missing for pandas but splits into no words
        assertThat(WordJaccard.jaccard(" ", "  ", 1.0)).isEqualTo(1.0);
        assertThat(WordJaccard.jaccard(" ", "  ", 0.0)).isEqualTo(0.0);
        Table truth = Table.of("id,PredictionString", "1, ", "2,a");
        Table pred = Table.of("id,PredictionString", "1,\t", "2,a");
        assertThat(new WordJaccard().score(truth, pred, CHAII)).isEqualTo(1.0);
        Table t2 = Table.of("textID,selected_text", "1, ", "2,a");
        Table p2 = Table.of("textID,selected_text", "1,\t", "2,a");
        assertThat(new WordJaccard().score(t2, p2, TWEET)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void missingCells() {
        // chaii stringifies NaN to 'nan'
        Table truth = Table.of("id,PredictionString", "1,nan words", "2,a");
        Table pred = Table.of("id,PredictionString", "1,", "2,a");
        assertThat(new WordJaccard().score(truth, pred, CHAII)).isCloseTo((0.5 + 1) / 2, within(EPS));
        // tweet fails on NaN
        Table t2 = Table.of("textID,selected_text", "1,some words", "2,a");
        Table p2 = Table.of("textID,selected_text", "1,", "2,a");
        assertThatThrownBy(() -> new WordJaccard().score(t2, p2, TWEET)).isInstanceOf(ScoringException.class);
    }

    @Test
    void unicodeWhitespaceAndLowercase() {
        assertThat(WordJaccard.jaccard("ÄPFEL\u00a0Birne", "äpfel birne", 0.0)).isEqualTo(0.0);
        assertThat(WordJaccard.jaccard(PyStrings.lower("ÄPFEL\u00a0Birne"), "äpfel birne", 0.0)).isEqualTo(1.0);
        assertThat(PyStrings.split("a\u3000b\u2029c  d")).containsExactly("a", "b", "c", "d");
        assertThat(PyStrings.split("a\u200bb")).containsExactly("a\u200bb"); // zero-width space is not whitespace
        assertThat(PyStrings.split("a b c d", 2)).containsExactly("a", "b");
        assertThat(PyStrings.strip("\u00a0 x \t")).isEqualTo("x");
    }
}
