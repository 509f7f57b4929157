package dev.mledojo.leaderboard.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mledojo.leaderboard.stats.BradleyTerry.Battle;

class BradleyTerryTest {

    @Test
    void ratingsMatchAnIndependentFitOfTheSameLikelihood() {
        // src/test/resources/stats/bt_reference.py: the same weighted likelihood (ties as half, ridge 1e-6) minimised
        // with scipy.optimize.minimize (BFGS, gtol 1e-10) under /usr/bin/python3 (Debian 12: scipy 1.10), then
        // centred and put on the Elo scale; printed {'a': 1140.647823, 'b': 1033.935242, 'c': 952.423038, 'd': 872.993897}
        List<Battle> battles = List.of(new Battle("a", "b", 1, 1), new Battle("a", "b", 0, 1), new Battle("a", "b", 1, 1),
                new Battle("a", "c", 1, 1), new Battle("a", "c", 0.5, 1), new Battle("a", "d", 1, 2),
                new Battle("b", "c", 1, 1), new Battle("b", "c", 0, 1), new Battle("b", "d", 1, 1),
                new Battle("c", "d", 1, 1), new Battle("c", "d", 0, 1), new Battle("d", "a", 1, 0.5));
        Map<String, Double> elo = BradleyTerry.elo(battles);
        assertThat(elo.get("a")).isCloseTo(1140.647823, within(1e-3));
        assertThat(elo.get("b")).isCloseTo(1033.935242, within(1e-3));
        assertThat(elo.get("c")).isCloseTo(952.423038, within(1e-3));
        assertThat(elo.get("d")).isCloseTo(872.993897, within(1e-3));
        assertThat(elo.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .isCloseTo(1000, within(1e-9));
    }

    @Test
    void evenlyMatchedAgentsAreAllRatedAtTheCentre() {
        Map<String, Double> elo = BradleyTerry.elo(List.of(new Battle("a", "b", 0.5, 1), new Battle("b", "c", 1, 1),
                new Battle("c", "b", 1, 1), new Battle("a", "c", 0.5, 1)));
        assertThat(elo.values()).allSatisfy(v -> assertThat(v).isCloseTo(1000, within(1e-6)));
    }

    @Test
    void anUndefeatedAgentStaysFiniteAndOnTop() {
        Map<String, Double> elo = BradleyTerry.elo(List.of(new Battle("a", "b", 1, 1), new Battle("a", "c", 1, 1),
                new Battle("b", "c", 1, 1), new Battle("c", "b", 1, 1)));
        assertThat(elo.get("a")).isFinite().isGreaterThan(elo.get("b"));
        assertThat(elo.get("b")).isCloseTo(elo.get("c"), within(1e-6));
    }

    @Test
    void fourHundredPointsAreTenToOneOdds() {
        assertThat(BradleyTerry.winProbability(1400, 1000)).isCloseTo(10.0 / 11, within(1e-12));
        assertThat(BradleyTerry.winProbability(1000, 1000)).isEqualTo(0.5);
    }

    @Test
    void everyTaskWeighsOneSpreadOverThePairsThatRanIt() {
        RunScores s = RunScores.of(Map.of("t1", "cv", "t2", "cv"), Map.of(
                "a", Map.of("t1", new double[] {0.8, 0.6}, "t2", new double[] {0.5}),
                "b", Map.of("t1", new double[] {0.7}, "t2", new double[] {0.5}),
                "c", Map.of("t1", new double[] {0.1})));
        List<Battle> battles = BradleyTerry.battles(s, List.of("t1", "t2"));
        assertThat(battles).containsExactly(new Battle("a", "b", 0.5, 1.0 / 3), new Battle("a", "c", 1, 1.0 / 3),
                new Battle("b", "c", 1, 1.0 / 3), new Battle("a", "b", 0.5, 1));
    }
}
