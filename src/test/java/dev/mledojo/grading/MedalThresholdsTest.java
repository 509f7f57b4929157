package dev.mledojo.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class MedalThresholdsTest {

    /** A board of n teams scoring n, n-1, ..., 1 (team at position p scores n - p + 1). */
    private static List<Double> board(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(p -> (double) (n - p + 1)).toList();
    }

    @Test
    void small_boards_use_percentages_with_at_least_one_team() {
        MedalThresholds t = MedalThresholds.of(board(50), true);
        // gold: top int(50*0.1)=5 -> score at position 5 = 46; silver: 10 -> 41; bronze: 20 -> 31
        assertThat(t.gold()).isEqualTo(46);
        assertThat(t.silver()).isEqualTo(41);
        assertThat(t.bronze()).isEqualTo(31);
        assertThat(t.median()).isEqualTo(25.5);
        MedalThresholds tiny = MedalThresholds.of(board(3), true);
        assertThat(tiny.gold()).isEqualTo(3); // max(1, int(0.3)) = position 1
    }

    @Test
    void mid_sized_boards_fix_gold_at_ten() {
        MedalThresholds t = MedalThresholds.of(board(200), true);
        assertThat(t.gold()).isEqualTo(191);   // position 10
        assertThat(t.silver()).isEqualTo(161); // position 40
        assertThat(t.bronze()).isEqualTo(121); // position 80
    }

    @Test
    void large_boards_follow_kaggle_progression() {
        MedalThresholds t500 = MedalThresholds.of(board(500), true);
        assertThat(t500.gold()).isEqualTo(500 - 11 + 1);  // position 10 + int(1.0) = 11
        assertThat(t500.silver()).isEqualTo(451);        // position 50
        assertThat(t500.bronze()).isEqualTo(401);        // position 100
        MedalThresholds t2000 = MedalThresholds.of(board(2000), true);
        assertThat(t2000.gold()).isEqualTo(2000 - 14 + 1); // position 10 + int(4) = 14
        assertThat(t2000.silver()).isEqualTo(2000 - 100 + 1);
        assertThat(t2000.bronze()).isEqualTo(2000 - 200 + 1);
    }

    @Test
    void thresholds_are_inclusive_and_medals_exclusive() {
        MedalThresholds t = MedalThresholds.of(board(50), true);
        assertThat(t.medal(46)).isEqualTo(Medal.GOLD);
        assertThat(t.medal(45.9)).isEqualTo(Medal.SILVER);
        assertThat(t.medal(41)).isEqualTo(Medal.SILVER);
        assertThat(t.medal(31)).isEqualTo(Medal.BRONZE);
        assertThat(t.medal(30.9)).isEqualTo(Medal.NONE);
        assertThat(t.medal(Double.NaN)).isEqualTo(Medal.NONE);
    }

    @Test
    void lower_is_better_boards_sort_ascending() {
        List<Double> errors = new ArrayList<>();
        for (int p = 1; p <= 50; p++) {
            errors.add((double) p); // position p has error p
        }
        MedalThresholds t = MedalThresholds.of(errors, false);
        assertThat(t.gold()).isEqualTo(5);
        assertThat(t.medal(5)).isEqualTo(Medal.GOLD);
        assertThat(t.medal(5.5)).isEqualTo(Medal.SILVER);
        assertThat(t.aboveMedian(25.4)).isTrue();
        assertThat(t.aboveMedian(25.5)).isFalse();
    }

    @Test
    void above_median_is_strict() {
        MedalThresholds t = MedalThresholds.of(board(5), true); // median 3
        assertThat(t.aboveMedian(3)).isFalse();
        assertThat(t.aboveMedian(3.0001)).isTrue();
    }

    @Test
    void empty_board_has_no_thresholds() {
        assertThat(MedalThresholds.of(List.of(), true)).isNull();
    }
}
