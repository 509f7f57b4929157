package dev.mledojo.leaderboard.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SummariesTest {

    @Test
    void bestOfTwoIsTheMeanOfTheBestOfEveryPair() {
        // pairs of {0.2, 0.5, 0.9}: best 0.5, 0.9, 0.9 -> 2.3 / 3
        assertThat(Summaries.bestOfK(new double[] {0.9, 0.2, 0.5}, 2)).isCloseTo(2.3 / 3, within(1e-12));
        assertThat(Summaries.bestOfK(new double[] {0.9, 0.2, 0.5}, 1)).isCloseTo(1.6 / 3, within(1e-12));
        assertThat(Summaries.bestOfK(new double[] {0.9, 0.2, 0.5}, 3)).isCloseTo(0.9, within(1e-12));
        assertThatThrownBy(() -> Summaries.bestOfK(new double[] {0.4}, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 runs");
    }

    @Test
    void aRateOverSeedsCarriesItsStandardError() {
        // per seed: 2, 1 and 3 medals of 4 tasks -> 50 %, 25 %, 75 %; sd 25, SEM 25 / sqrt(3)
        Summaries.Rate r = Summaries.rateOverSeeds(new boolean[][] {
                {true, true, false, false}, {false, true, false, false}, {true, true, true, false}});
        double sem = 25 / Math.sqrt(3);
        assertThat(r.percent()).isCloseTo(50, within(1e-12));
        assertThat(r.sem()).isCloseTo(sem, within(1e-12));
        assertThat(r.low()).isCloseTo(50 - 1.96 * sem, within(1e-12));
        assertThat(r.high()).isCloseTo(50 + 1.96 * sem, within(1e-12));
        assertThat(Summaries.rateOverSeeds(new boolean[][] {{true, false}}).sem()).isZero();
    }
}
