package dev.mledojo.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class HumanRankTest {

    // Board of 5 teams, higher is better: 0.9, 0.8, 0.8, 0.7, 0.5
    private static final List<Double> HIGH = List.of(0.9, 0.8, 0.8, 0.7, 0.5);
    // Board of 4 teams, lower is better (an error metric)
    private static final List<Double> LOW = List.of(1.0, 2.0, 2.0, 4.0);

    @Test
    void counts_entries_equalled_or_beaten_and_ties_go_to_the_agent() {
        // 0.8 equals two entries and beats two: 4 of 5
        assertThat(HumanRank.onBoard(HIGH, 0.8, true)).isEqualTo(0.8);
        // MLE-Dojo: position p = 2 (ties resolved for the agent), (N - p + 1) / N = 4/5
        assertThat(HumanRank.position(HIGH, 0.8, true)).isEqualTo(2);
    }

    @Test
    void lower_is_better_boards_count_scores_at_or_below() {
        assertThat(HumanRank.onBoard(LOW, 2.0, false)).isEqualTo(0.75);
        assertThat(HumanRank.onBoard(LOW, 3.0, false)).isEqualTo(0.25);
        assertThat(HumanRank.position(LOW, 2.0, false)).isEqualTo(2);
    }

    @Test
    void beyond_the_best_entry_is_one_and_below_the_worst_is_zero() {
        assertThat(HumanRank.onBoard(HIGH, 1.5, true)).isEqualTo(1.0);
        assertThat(HumanRank.position(HIGH, 1.5, true)).isEqualTo(1);
        assertThat(HumanRank.onBoard(HIGH, 0.1, true)).isEqualTo(0.0);
        assertThat(HumanRank.position(HIGH, 0.1, true)).isEqualTo(6);
        assertThat(HumanRank.onBoard(LOW, 0.0, false)).isEqualTo(1.0);
        assertThat(HumanRank.onBoard(LOW, 9.0, false)).isEqualTo(0.0);
    }

    @Test
    void equals_mle_dojo_formula_for_every_position() {
        for (double score = 0.0; score <= 1.0; score += 0.05) {
            Integer p = HumanRank.position(HIGH, score, true);
            int n = HIGH.size();
            assertThat(HumanRank.onBoard(HIGH, score, true)).isCloseTo((n - p + 1.0) / n, within(1e-12));
        }
    }

    @Test
    void mean_uses_the_boards_present() {
        assertThat(HumanRank.mean(0.5, 1.0)).isEqualTo(0.75);
        assertThat(HumanRank.mean(null, 0.4)).isEqualTo(0.4);
        assertThat(HumanRank.mean(0.3, null)).isEqualTo(0.3);
        assertThat(HumanRank.mean(null, null)).isNull();
    }

    @Test
    void an_empty_board_or_nan_score_has_no_rank() {
        assertThat(HumanRank.onBoard(List.of(), 0.5, true)).isNull();
        assertThat(HumanRank.onBoard(HIGH, Double.NaN, true)).isNull();
    }
}
