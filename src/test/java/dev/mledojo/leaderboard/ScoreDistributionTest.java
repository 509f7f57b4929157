package dev.mledojo.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.grading.HumanRank;
import dev.mledojo.grading.MedalThresholds;

/**
 * The plotted distribution: the curve is HumanRank on the board at each plotted score, better scores are to the right in
 * both directions, thresholds are the grader's, and runs sit on the curve or at the edge when off the scale.
 */
class ScoreDistributionTest {

    /** 0.01, 0.02, …, 1.00. */
    static List<Double> board() {
        List<Double> b = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            b.add(i / 100.0);
        }
        return b;
    }

    static ScoreDistribution.Run run(String episode, long seed, Double score) {
        return new ScoreDistribution.Run("a", "carol", 1, true, episode, seed, score);
    }

    @Test
    void theCurveIsHumanRankAndRisesTowardsBetterScoresForBothDirections() {
        for (boolean higherIsBetter : new boolean[] {true, false}) {
            ScoreDistribution d = ScoreDistribution.of("t", "board", higherIsBetter, board(), List.of());
            assertThat(d.entries()).isEqualTo(100);
            assertThat(d.curve()).hasSize(ScoreDistribution.CURVE_POINTS);
            for (ScoreDistribution.Point p : d.curve()) {
                assertThat(p.share()).isEqualTo(HumanRank.onBoard(board(), p.score(), higherIsBetter));
            }
            for (int i = 1; i < d.curve().size(); i++) {
                assertThat(d.curve().get(i).share()).isGreaterThanOrEqualTo(d.curve().get(i - 1).share());
            }
            assertThat(d.curve().get(d.curve().size() - 1).share()).isEqualTo(1.0);
            if (higherIsBetter) {
                assertThat(d.from()).isLessThan(d.to());
                assertThat(d.best()).isEqualTo(1.0);
            } else {
                assertThat(d.from()).isGreaterThan(d.to()); // the axis runs backwards: the best (lowest) is right
                assertThat(d.best()).isEqualTo(0.01);
            }
            MedalThresholds m = MedalThresholds.of(board(), higherIsBetter);
            assertThat(d.thresholds()).isEqualTo(new ScoreDistribution.Thresholds(m.gold(), m.silver(), m.bronze(),
                    m.median()));
        }
    }

    @Test
    void lowerIsBetterThresholdsAndRunsArePlacedOnTheBetterSide() {
        ScoreDistribution d = ScoreDistribution.of("t", "board", false,
                board(), List.of(run("e1", 0, 0.05), run("e2", 1, 0.95), run("e3", 2, null)));
        assertThat(d.thresholds().gold()).isEqualTo(0.10); // 10 % of 100 entries, lowest scores best
        assertThat(d.thresholds().bronze()).isEqualTo(0.40);
        assertThat(d.markers()).extracting(ScoreDistribution.Marker::share).containsExactly(0.96, 0.06, null);
        assertThat(d.markers().get(0).episodeUrl()).isEqualTo("/episodes/e1");
        assertThat(d.markers().get(0).agentUrl()).isEqualTo("/agents/carol/a");

        ScoreChart chart = ScoreChart.of(d);
        double goldX = Double.parseDouble(chart.rules().get(0).x());
        double medianX = Double.parseDouble(chart.rules().get(3).x());
        assertThat(chart.rules()).extracting(ScoreChart.Rule::kind).containsExactly("gold", "silver", "bronze", "median");
        assertThat(goldX).isGreaterThan(medianX); // gold is the better end: right
        assertThat(chart.rules().get(0).label()).isEqualTo("gold ≤ 0.1");
        assertThat(chart.dots()).hasSize(2); // a run without a valid score has no place on the curve
        assertThat(Double.parseDouble(chart.dots().get(0).x())).isGreaterThan(Double.parseDouble(chart.dots().get(1).x()));
        assertThat(Double.parseDouble(chart.dots().get(0).y())).isLessThan(Double.parseDouble(chart.dots().get(1).y()));
        assertThat(chart.dots().get(0).href()).isEqualTo("/episodes/e1");
    }

    @Test
    void outliersAreClippedAndRunsOffTheBoardArePinnedToTheEdge() {
        List<Double> b = new ArrayList<>(board());
        b.add(1e6); // an absurd entry must not flatten the chart
        ScoreDistribution d = ScoreDistribution.of("t", "board", true, b, List.of(run("e1", 0, -5.0), run("e2", 1, 0.5)));
        assertThat(d.to()).isLessThan(2.0);
        assertThat(d.from()).isGreaterThan(0.05); // the worst tenth is left out
        ScoreDistribution.Marker off = d.markers().get(0);
        assertThat(off.offScale()).isTrue();
        assertThat(off.share()).isEqualTo(0.0);
        assertThat(d.markers().get(1).offScale()).isFalse();
        assertThat(d.markers().get(1).share()).isCloseTo(50 / 101.0, within(1e-12));
        ScoreChart chart = ScoreChart.of(d);
        assertThat(Double.parseDouble(chart.dots().get(0).x())).isEqualTo(chart.frame().left());
        assertThat(chart.dots().get(0).title()).contains("off the scale");
    }

    @Test
    void aRunThatBeatsEveryEntryWidensTheRangeInsteadOfBeingPinned() {
        ScoreDistribution d = ScoreDistribution.of("t", "board", true, board(), List.of(run("e1", 0, 1.2)));
        assertThat(d.markers().get(0).offScale()).isFalse();
        assertThat(d.markers().get(0).share()).isEqualTo(1.0);
        assertThat(d.to()).isGreaterThan(1.2);
        ScoreChart chart = ScoreChart.of(d);
        assertThat(Double.parseDouble(chart.dots().get(0).x())).isLessThan(chart.frame().right());
        assertThat(Double.parseDouble(chart.dots().get(0).y())).isEqualTo(chart.frame().top());
    }

    @Test
    void anEmptyBoardHasNoChartButKeepsTheRuns() {
        ScoreDistribution d = ScoreDistribution.of("t", "board", true, List.of(), List.of(run("e1", 0, 0.5)));
        assertThat(d.entries()).isZero();
        assertThat(d.curve()).isEmpty();
        assertThat(d.thresholds()).isNull();
        assertThat(d.markers()).hasSize(1);
        assertThat(ScoreChart.of(d)).isNull();
    }

    @Test
    void ticksAreRoundNumbersInsideTheRange() {
        assertThat(ScoreChart.niceStep(0.23)).isCloseTo(0.2, within(1e-12));
        assertThat(ScoreChart.niceStep(0.017)).isCloseTo(0.02, within(1e-12));
        assertThat(ScoreChart.niceStep(3000)).isCloseTo(5000, within(1e-9));
        ScoreChart chart = ScoreChart.of(ScoreDistribution.of("t", "board", true, board(), List.of()));
        assertThat(chart.xTicks()).extracting(ScoreChart.Tick::label).containsExactly("0.2", "0.4", "0.6", "0.8", "1");
        assertThat(chart.yTicks()).extracting(ScoreChart.Tick::label).containsExactly("0 %", "25 %", "50 %", "75 %",
                "100 %");
    }
}
