package dev.mledojo.leaderboard.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * A board of three agents on three tasks, every number worked out by hand (methodology.md): A and B cover every task
 * and are ranked; C ran one task and is shown unranked with its own mean.
 */
class BoardStatsTest {

    static BoardStats.Run run(double hr, Double score, boolean medal, int steps) {
        return new BoardStats.Run(hr, score != null, score, medal, hr >= 0.5, steps, 100L * steps, 0.01 * steps,
                60L * steps);
    }

    static final List<BoardStats.Task> TASKS = List.of(new BoardStats.Task("t1", "tabular", true),
            new BoardStats.Task("t2", "tabular", true), new BoardStats.Task("t3", "cv", false));

    static final List<BoardStats.Cell> CELLS = List.of(
            new BoardStats.Cell("A", "t1", List.of(run(0.8, 0.9, true, 2), run(0.6, 0.7, false, 4))),
            new BoardStats.Cell("A", "t2", List.of(run(0.5, 0.5, false, 3))),
            new BoardStats.Cell("A", "t3", List.of(run(0.4, 2.0, false, 3))),
            new BoardStats.Cell("B", "t1", List.of(run(0.4, 0.5, false, 1))),
            new BoardStats.Cell("B", "t2", List.of(run(0.5, 0.5, false, 1))),
            new BoardStats.Cell("B", "t3", List.of(run(0.0, null, false, 1))),
            new BoardStats.Cell("C", "t1", List.of(run(1.0, 0.95, true, 5))));

    static Map<String, BoardStats.Line> lines() {
        BoardStats.Result r = BoardStats.compute(TASKS, CELLS, new BoardStats.Options(500, 50, 7));
        assertThat(r.tasks()).isEqualTo(3);
        assertThat(r.ranked()).isEqualTo(2);
        return r.lines().stream().collect(Collectors.toMap(BoardStats.Line::agent, Function.identity()));
    }

    @Test
    void meansAreSeedsPerTaskThenTasksAndTheBalancedVariantAveragesDomains() {
        Map<String, BoardStats.Line> l = lines();
        // A: task means 0.7, 0.5, 0.4 -> 1.6 / 3; balanced (0.6 + 0.4) / 2
        assertThat(l.get("A").humanRank().estimate()).isCloseTo(1.6 / 3, within(1e-12));
        assertThat(l.get("A").balanced().estimate()).isCloseTo(0.5, within(1e-12));
        assertThat(l.get("A").domains()).containsEntry("tabular", 0.6).containsEntry("cv", 0.4);
        // B: 0.4, 0.5, 0 -> 0.3; balanced (0.45 + 0) / 2
        assertThat(l.get("B").humanRank().estimate()).isCloseTo(0.3, within(1e-12));
        assertThat(l.get("B").balanced().estimate()).isCloseTo(0.225, within(1e-12));
        assertThat(l.get("A").humanRank().low()).isLessThanOrEqualTo(1.6 / 3);
        assertThat(l.get("A").humanRank().high()).isGreaterThanOrEqualTo(1.6 / 3);
    }

    @Test
    void onlyAgentsCoveringEveryTaskAreRankedAndAPartialOneKeepsItsOwnMean() {
        Map<String, BoardStats.Line> l = lines();
        assertThat(l.get("A").rank().rank()).isEqualTo(1);
        assertThat(l.get("B").rank().rank()).isEqualTo(2);
        assertThat(l.get("A").rank().low()).isEqualTo(1);
        assertThat(l.get("C").rank()).isNull();
        assertThat(l.get("C").tasks()).isEqualTo(1);
        assertThat(l.get("C").humanRank().estimate()).isEqualTo(1.0);
        assertThat(l.get("C").aup()).isNull(); // AUP compares the covering agents only
    }

    @Test
    void aupFollowsThePapersRuleOnRawScoresWithTheFailedRunAtTwiceTheWorstRatio() {
        Map<String, BoardStats.Line> l = lines();
        // ratios A: 1, 1, 1; B: 0.8/0.5 = 1.6, 1, infeasible on t3 -> 2 x worst valid ratio (1) = 2
        // tau_max = ceil(log10(ceil(2 x 1.05)) x 10) / 10 = 0.5; A's profile is 1 throughout
        assertThat(l.get("A").aup()).isCloseTo(0.5, within(0.002));
        double expectedB = Math.log10(1.6) / 3 + (Math.log10(2) - Math.log10(1.6)) * 2 / 3 + (0.5 - Math.log10(2));
        assertThat(l.get("B").aup()).isCloseTo(expectedB, within(0.003));
    }

    @Test
    void ratesOverSeedsValidityEffortAndBestOfTwo() {
        Map<String, BoardStats.Line> l = lines();
        // medals of A: seed 1 has one of three tasks (33.3 %), seed 2 none (missing runs are misses): 16.7 ± 16.7
        assertThat(l.get("A").anyMedal().percent()).isCloseTo(50.0 / 3, within(1e-9));
        assertThat(l.get("A").anyMedal().sem()).isCloseTo(50.0 / 3, within(1e-9));
        assertThat(l.get("A").validRate()).isEqualTo(1.0);
        assertThat(l.get("B").validRate()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(l.get("A").episodes()).isEqualTo(4);
        assertThat(l.get("A").seedsMin()).isEqualTo(1);
        assertThat(l.get("A").seedsMax()).isEqualTo(2);
        // steps per task: mean per task (3, 3, 3) then over tasks; cost 0.01 per step
        assertThat(l.get("A").stepsPerTask()).isCloseTo(3.0, within(1e-12));
        assertThat(l.get("A").costPerTask()).isCloseTo(0.03, within(1e-12));
        assertThat(l.get("A").bestOf2()).isNull(); // t2 and t3 have one run: best-of-2 is undefined
    }

    @Test
    void eloExistsOnlyWhenNoGroupOfAgentsIsUndefeated() {
        // C beat both on t1 and never lost: the likelihood has no maximum, so no agent gets an Elo
        BoardStats.Result withC = BoardStats.compute(TASKS, CELLS, new BoardStats.Options(100, 20, 7));
        assertThat(withC.eloIdentified()).isFalse();
        assertThat(withC.lines()).allSatisfy(l -> assertThat(l.elo()).isNull());

        // A and B alone: A wins t1 and t3, they tie on t2 (a tie is a half win both ways): identified
        List<BoardStats.Cell> ab = CELLS.stream().filter(c -> !c.agent().equals("C")).toList();
        BoardStats.Result r = BoardStats.compute(TASKS, ab, new BoardStats.Options(100, 20, 7));
        assertThat(r.eloIdentified()).isTrue();
        Map<String, BoardStats.Line> l = r.lines().stream()
                .collect(Collectors.toMap(BoardStats.Line::agent, Function.identity()));
        assertThat((l.get("A").elo().estimate() + l.get("B").elo().estimate()) / 2).isCloseTo(1000, within(1e-6));
        // two decisive battles and a tie, each task of weight 1: A scores 2.5 of 3, so P(A beats B) = 5/6
        assertThat(BradleyTerry.winProbability(l.get("A").elo().estimate(), l.get("B").elo().estimate()))
                .isCloseTo(5.0 / 6, within(1e-6));
        assertThat(l.get("A").elo().low()).isLessThanOrEqualTo(l.get("A").elo().high());
    }

    @Test
    void theSameSeedGivesTheSameBoard() {
        assertThat(BoardStats.compute(TASKS, CELLS, new BoardStats.Options(200, 20, 3)))
                .isEqualTo(BoardStats.compute(TASKS, CELLS, new BoardStats.Options(200, 20, 3)));
    }
}
