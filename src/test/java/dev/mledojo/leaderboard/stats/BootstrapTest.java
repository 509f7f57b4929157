package dev.mledojo.leaderboard.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mledojo.leaderboard.stats.Bootstrap.Weighting;

class BootstrapTest {

    static final Map<String, String> DOMAINS = Map.of("t1", "tabular", "t2", "tabular", "t3", "nlp");

    static RunScores board(Map<String, Map<String, double[]>> runs) {
        return RunScores.of(DOMAINS, runs);
    }

    @Test
    void meansAverageSeedsPerTaskThenTasksOrDomains() {
        RunScores s = board(Map.of("a", Map.of("t1", new double[] {0.2, 0.4}, "t2", new double[] {0.5},
                "t3", new double[] {0.9, 0.7, 0.8})));
        // task means 0.3, 0.5, 0.8: over tasks (0.3 + 0.5 + 0.8) / 3; over domains ((0.3 + 0.5) / 2 + 0.8) / 2
        assertThat(Bootstrap.mean(s, "a", Weighting.TASK)).isCloseTo(1.6 / 3, within(1e-12));
        assertThat(Bootstrap.mean(s, "a", Weighting.DOMAIN)).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void anAgentWithoutSpreadHasAPointIntervalAndTheIntervalHoldsTheEstimate() {
        RunScores s = board(Map.of(
                "flat", Map.of("t1", new double[] {0.5, 0.5}, "t2", new double[] {0.5}, "t3", new double[] {0.5}),
                "spread", Map.of("t1", new double[] {0.1, 0.9}, "t2", new double[] {0.2, 0.6}, "t3", new double[] {1, 0})));
        Bootstrap.Result r = Bootstrap.meanHumanRank(s, Weighting.TASK, 2000, 7);
        assertThat(r.scores().get("flat")).isEqualTo(new Bootstrap.Interval(0.5, 0.5, 0.5));
        Bootstrap.Interval spread = r.scores().get("spread");
        assertThat(spread.estimate()).isCloseTo((0.5 + 0.4 + 0.5) / 3, within(1e-12));
        assertThat(spread.low()).isLessThan(spread.estimate()).isGreaterThanOrEqualTo(0);
        assertThat(spread.high()).isGreaterThan(spread.estimate()).isLessThanOrEqualTo(1);
    }

    @Test
    void aSingleTaskWithRunsZeroAndOneSpansTheWholeRange() {
        // replicate means are 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4: the 2.5 % and 97.5 % quantiles are 0 and 1
        RunScores s = RunScores.of(Map.of("t", "cv"), Map.of("a", Map.of("t", new double[] {0, 1})));
        Bootstrap.Result r = Bootstrap.meanHumanRank(s, Weighting.TASK, 4000, 1);
        assertThat(r.scores().get("a")).isEqualTo(new Bootstrap.Interval(0.5, 0, 1));
    }

    @Test
    void theSameSeedGivesTheSameBoardAndAnotherSeedAnotherDraw() {
        RunScores s = board(Map.of(
                "a", Map.of("t1", new double[] {0.1, 0.9}, "t2", new double[] {0.2, 0.6}, "t3", new double[] {1, 0}),
                "b", Map.of("t1", new double[] {0.3, 0.4}, "t2", new double[] {0.7, 0.1}, "t3", new double[] {0.5, 0.2})));
        assertThat(Bootstrap.meanHumanRank(s, Weighting.DOMAIN, 500, 42))
                .isEqualTo(Bootstrap.meanHumanRank(s, Weighting.DOMAIN, 500, 42));
        assertThat(Bootstrap.meanHumanRank(s, Weighting.DOMAIN, 500, 42).scores())
                .isNotEqualTo(Bootstrap.meanHumanRank(s, Weighting.DOMAIN, 500, 43).scores());
    }

    @Test
    void tiedAgentsShareTheirRankAndBandWhileClearLeadersAndLaggardsHaveExactRanks() {
        Map<String, double[]> same = Map.of("t1", new double[] {0.2, 0.6}, "t2", new double[] {0.4, 0.5},
                "t3", new double[] {0.3, 0.7});
        RunScores s = board(Map.of("x", same, "y", same,
                "best", Map.of("t1", new double[] {1, 1}, "t2", new double[] {1}, "t3", new double[] {1}),
                "worst", Map.of("t1", new double[] {0}, "t2", new double[] {0, 0}, "t3", new double[] {0}),
                "partial", Map.of("t1", new double[] {1})));
        Bootstrap.Result r = Bootstrap.meanHumanRank(s, Weighting.TASK, 1000, 3);
        assertThat(r.ranks()).doesNotContainKey("partial"); // not on every task: shown, never ranked
        assertThat(r.ranks().get("best")).isEqualTo(new Bootstrap.RankBand(1, 1, 1));
        assertThat(r.ranks().get("best").toString()).isEqualTo("1");
        assertThat(r.ranks().get("x")).isEqualTo(new Bootstrap.RankBand(2, 2, 3)).isEqualTo(r.ranks().get("y"));
        assertThat(r.ranks().get("x").toString()).isEqualTo("2 (2–3)");
        assertThat(r.ranks().get("worst")).isEqualTo(new Bootstrap.RankBand(4, 4, 4));
    }

    @Test
    void tiesGetTheAverageOfTheRanksTheySpan() {
        assertThat(Bootstrap.averageRanks(new double[] {0.5, 0.9, 0.5, 0.1})).containsExactly(2.5, 1, 2.5, 4);
    }
}
