package dev.mledojo.leaderboard.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PairedTest {

    static final Map<String, String> DOMAINS = Map.of("t1", "tabular", "t2", "tabular", "t3", "nlp", "t4", "cv");

    @Test
    void onTheirCommonTasksTheDifferenceWinsTiesAndLossesAreCounted() {
        RunScores s = RunScores.of(DOMAINS, Map.of(
                "a", Map.of("t1", new double[] {0.5}, "t2", new double[] {0.8}, "t3", new double[] {0.2},
                        "t4", new double[] {1}),
                "b", Map.of("t1", new double[] {0.3}, "t2", new double[] {0.8}, "t3", new double[] {0.4})));
        Paired.Comparison c = Paired.compare(s, "a", "b", 2000, 5);
        assertThat(c.tasks()).isEqualTo(3); // t4 is a's alone
        assertThat(c.difference()).isCloseTo(0, within(1e-12));
        assertThat(List.of(c.wins(), c.ties(), c.losses())).containsExactly(1, 1, 1);
        assertThat(c.low()).isNegative();
        assertThat(c.high()).isPositive();
        assertThat(c.p()).isGreaterThan(0.5);
        assertThat(Paired.compare(s, "a", "b", 2000, 5)).isEqualTo(c);
    }

    @Test
    void aConsistentLeadIsSignificant() {
        RunScores s = RunScores.of(DOMAINS, Map.of(
                "a", Map.of("t1", new double[] {0.9, 0.8}, "t2", new double[] {0.7}, "t3", new double[] {0.6},
                        "t4", new double[] {0.9}),
                "b", Map.of("t1", new double[] {0.2, 0.3}, "t2", new double[] {0.1}, "t3", new double[] {0.2},
                        "t4", new double[] {0.5})));
        Paired.Comparison c = Paired.compare(s, "a", "b", 2000, 9);
        assertThat(c.difference()).isCloseTo((0.6 + 0.6 + 0.4 + 0.4) / 4, within(1e-12));
        assertThat(c.low()).isPositive();
        assertThat(c.p()).isZero();
        assertThat(c.wins()).isEqualTo(4);
    }

    @Test
    void eloIntervalsComeFromResampledTasksAroundTheFitOnAllOfThem() {
        RunScores s = RunScores.of(DOMAINS, Map.of(
                "a", Map.of("t1", new double[] {0.9}, "t2", new double[] {0.7}, "t3", new double[] {0.6}, "t4", new double[] {0.6}),
                "b", Map.of("t1", new double[] {0.2}, "t2", new double[] {0.8}, "t3", new double[] {0.2}, "t4", new double[] {0.5}),
                "c", Map.of("t1", new double[] {0.1}, "t2", new double[] {0.1}, "t3", new double[] {0.3}, "t4", new double[] {0.4})));
        Map<String, Bootstrap.Interval> elo = BradleyTerry.eloWithInterval(s, 300, 11);
        Map<String, Double> point = BradleyTerry.elo(BradleyTerry.battles(s, s.tasks()));
        for (String agent : List.of("a", "b", "c")) {
            Bootstrap.Interval i = elo.get(agent);
            assertThat(i.estimate()).isEqualTo(point.get(agent));
            assertThat(i.low()).isLessThanOrEqualTo(i.estimate());
            assertThat(i.high()).isGreaterThanOrEqualTo(i.estimate());
            assertThat(i.high()).isGreaterThan(i.low());
        }
        assertThat(point.get("a")).isGreaterThan(point.get("b")).isGreaterThan(point.get("c"));
        assertThat(BradleyTerry.eloWithInterval(s, 300, 11)).isEqualTo(elo);
    }
}
