package dev.mledojo.episode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mledojo.error.DomainException;
import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.Medal;
import dev.mledojo.gym.Best;
import dev.mledojo.gym.EpisodeContext.ScoreMode;

/** The one rule for an episode's result and its best submission, on the aggregate without a database. */
class EpisodeResultTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A grade with distinct feedback, final and full scores and a final-part HumanRank. */
    static GradeReport grade(Double feedback, double finalScore, boolean higherIsBetter, Medal medal) {
        return new GradeReport("t", "hash-v1", "data-v1", "m", higherIsBetter, new GradeReport.Scores(feedback, finalScore, finalScore + 1),
                new GradeReport.Rows(10, 10, 20),
                feedback == null ? null : new GradeReport.Standing(feedback, 0.1, 0.2, feedback / 10, 5, 6),
                new GradeReport.Standing(finalScore, finalScore / 100, finalScore / 50, finalScore / 75, 3, 4), medal, true,
                null, new GradeReport.Boards("human", "human Kaggle leaderboard", 100, 100), "split", T0, 1);
    }

    final List<EpisodeSubmission> made = new ArrayList<>();

    Episode episode() {
        Episode e = Episode.interactive("ann", 1, "t", 0, 10, 600, ScoreMode.HUMANRANK, "split");
        e.startedAt = T0;
        return e;
    }

    /** Records a step that made (valid or invalid) submission {@code number}. */
    void submit(Episode e, int number, GradeReport report, boolean reset) {
        EpisodeSubmission s = new EpisodeSubmission();
        s.number = number;
        s.valid = report != null;
        s.report = report;
        s.feedbackScore = report == null ? null : report.scores().feedback();
        s.feedbackRank = report == null || report.feedback() == null ? null : report.feedback().humanRank();
        s.code = "print(" + number + ")";
        EpisodeStep step = new EpisodeStep();
        step.reward = 0.5;
        e.track(step, s, reset);
        made.add(s);
    }

    List<EpisodeSubmission> valid() {
        return made.stream().filter(s -> s.valid).toList();
    }

    @Test
    void theResultNamesTheDataTheChosenSubmissionWasGradedOn() {
        Episode e = episode();
        e.dataHash = "data-of-the-episode";
        submit(e, 1, grade(0.8, 0.70, true, Medal.NONE), false);
        EpisodeResult r = e.close(valid(), "done", "hash-v1", "data-of-the-version-now", T0);
        assertThat(r.dataHash()).isEqualTo("data-v1"); // the grade's own
        assertThat(r.taskVersion()).isEqualTo("hash-v1");
    }

    @Test
    void withoutAGradeTheResultNamesTheEpisodesDataAndElseItsVersions() {
        Episode e = episode();
        e.dataHash = "data-of-the-episode";
        assertThat(e.close(List.of(), "done", "hash-v1", "data-of-the-version", T0).dataHash())
                .isEqualTo("data-of-the-episode");
        Episode old = episode(); // created before data hashes were recorded on episodes
        assertThat(old.close(List.of(), "done", "hash-v1", "data-of-the-version", T0).dataHash())
                .isEqualTo("data-of-the-version");
    }

    @Test
    void aRetryRunsOnTheSameData() {
        Episode e = Episode.queued("ann", 7, "t", 0, 10, 600, 1L, 2L, "baseline", 0, "split");
        e.dataHash = "data-v1";
        assertThat(e.retry().dataHash).isEqualTo("data-v1");
    }

    @Test
    void aTieGoesToTheLaterSubmission() {
        Episode e = episode();
        submit(e, 1, grade(0.8, 0.70, true, Medal.NONE), false);
        submit(e, 2, grade(0.8, 0.75, true, Medal.BRONZE), false);
        assertThat(e.best().submission()).isEqualTo(2);
        assertThat(e.bestCode).isEqualTo("print(2)");
        EpisodeResult r = e.close(valid(), "closed by ann", "hash-v1", "data-v1", T0.plusSeconds(90));
        assertThat(r.submission()).isEqualTo(2);
        assertThat(r.finalScore()).isEqualTo(0.75);
        assertThat(r.medal()).isEqualTo(Medal.BRONZE);
        assertThat(r.wallTimeSeconds()).isEqualTo(90);
        assertThat(e.state).isEqualTo(EpisodeState.FINISHED);
    }

    @Test
    void theChoiceLooksAtFeedbackScoresOnlyAndReportsTheFinalPart() {
        Episode e = episode();
        // submission 1 is better on the hidden final part, 2 on the feedback part: 2 counts, with its final scores
        submit(e, 1, grade(0.60, 0.95, true, Medal.GOLD), false);
        submit(e, 2, grade(0.70, 0.50, true, Medal.NONE), false);
        EpisodeResult r = e.close(valid(), "done", "hash-v1", "data-v1", T0);
        assertThat(r.submission()).isEqualTo(2);
        assertThat(r.feedbackScore()).isEqualTo(0.70);
        assertThat(r.finalScore()).isEqualTo(0.50);
        assertThat(r.fullScore()).isEqualTo(1.50);
        assertThat(r.humanRank()).isEqualTo(0.50 / 75);
        assertThat(r.humanRankPublic()).isEqualTo(0.50 / 100);
        assertThat(r.medal()).isEqualTo(Medal.NONE);
    }

    @Test
    void lowerIsBetterPicksTheSmallestFeedbackScore() {
        Episode e = episode();
        submit(e, 1, grade(3.0, 3.1, false, Medal.NONE), false);
        submit(e, 2, grade(2.0, 2.2, false, Medal.NONE), false);
        submit(e, 3, grade(2.5, 1.0, false, Medal.NONE), false);
        assertThat(e.best()).isEqualTo(new Best(2, 2.0, 0.2));
        assertThat(e.close(valid(), "done", "hash-v1", "data-v1", T0).submission()).isEqualTo(2);
    }

    @Test
    void aResetForgetsTheBestSoFarButNotTheResult() {
        Episode e = episode();
        submit(e, 1, grade(0.9, 0.9, true, Medal.SILVER), false);
        submit(e, 2, grade(0.5, 0.5, true, Medal.NONE), true); // the step that reset made a worse one
        assertThat(e.best().submission()).as("the agent's best since the reset").isEqualTo(2);
        assertThat(e.best().score()).isEqualTo(0.5);
        EpisodeResult r = e.close(valid(), "done", "hash-v1", "data-v1", T0);
        assertThat(r.submission()).as("the result counts every valid submission").isEqualTo(1);
        assertThat(r.medal()).isEqualTo(Medal.SILVER);
        Episode fresh = episode();
        fresh.track(new EpisodeStep(), null, false);
        submit(fresh, 1, grade(0.9, 0.9, true, Medal.NONE), false);
        fresh.track(new EpisodeStep(), null, true);
        assertThat(fresh.best()).isEqualTo(Best.NONE);
        assertThat(fresh.bestCode).isNull();
        assertThat(fresh.stepCount).isEqualTo(3);
    }

    @Test
    void withoutAValidSubmissionTheResultIsInvalid() {
        Episode e = episode();
        submit(e, 1, null, false);
        EpisodeResult r = e.close(valid(), "step budget exhausted (10 steps)", "hash-v1", "data-v1", T0.plusSeconds(5));
        assertThat(r.valid()).isFalse();
        assertThat(r.submission()).isNull();
        assertThat(r.finalScore()).isNull();
        assertThat(r.humanRank()).isNull();
        assertThat(r.medal()).isEqualTo(Medal.NONE);
        assertThat(r.submissions()).isEqualTo(1);
        assertThat(r.steps()).isEqualTo(1);
        assertThat(r.taskVersion()).isEqualTo("hash-v1");
    }

    @Test
    void theBudgetEndClosesWithTheBestSoFarAndSaysWhy() {
        Episode e = Episode.interactive("ann", 1, "t", 0, 2, 600, ScoreMode.HUMANRANK, "split");
        submit(e, 1, grade(0.4, 0.4, true, Medal.NONE), false);
        assertThat(e.exhaustedBudget(Instant.now())).isNull();
        submit(e, 2, grade(0.3, 0.3, true, Medal.NONE), false);
        String reason = e.exhaustedBudget(Instant.now());
        assertThat(reason).isEqualTo("step budget exhausted (2 steps)");
        EpisodeResult r = e.close(valid(), reason, "hash-v1", "data-v1", Instant.now());
        assertThat(r.endReason()).isEqualTo(reason);
        assertThat(r.submission()).isEqualTo(1);
        assertThat(e.endReason).isEqualTo(reason);
        assertThatThrownBy(() -> e.track(new EpisodeStep(), null, false)).isInstanceOf(DomainException.Conflict.class)
                .extracting(x -> ((DomainException) x).slug()).isEqualTo(Episode.CLOSED);
    }

    @Test
    void withScoresHiddenTheLatestValidSubmissionCounts() {
        Episode e = episode();
        submit(e, 1, grade(null, 0.9, true, Medal.GOLD), false);
        submit(e, 2, grade(null, 0.1, true, Medal.NONE), false);
        assertThat(e.best().submission()).isEqualTo(2);
        assertThat(e.close(valid(), "done", "hash-v1", "data-v1", T0).submission()).isEqualTo(2);
    }
}
