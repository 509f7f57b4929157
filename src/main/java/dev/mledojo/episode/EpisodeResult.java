package dev.mledojo.episode;

import java.util.List;

import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.Medal;
import dev.mledojo.gym.Best;

/**
 * The result of a closed episode: the final submission (the {@link Best} rule: best by feedback score, ties to the
 * latest), its scores on every part, HumanRank of the final-part score on both boards, medal, and the effort it took.
 */
public record EpisodeResult(boolean valid, Integer submission, Double feedbackScore, Double finalScore, Double fullScore,
        Double humanRank, Double humanRankPublic, Double humanRankPrivate, Medal medal, boolean aboveMedian,
        int steps, int submissions, long wallTimeSeconds, String endReason, String taskVersion, String dataHash) {

    /** A valid submission of the episode with its grade. */
    public record Graded(int number, GradeReport report) {
    }

    /**
     * The result of an episode from its valid submissions, in the order they were made (across resets: a reset
     * restarts the agent's workspace, not the record of what it achieved). The final-part scores of the chosen
     * submission are reported; the choice itself only ever looks at feedback-part scores.
     *
     * @param taskVersion the task version's content hash, used when there is no graded submission to name it
     * @param dataHash the data hash of the episode's task version, likewise (a grade names the data it was graded on)
     */
    public static EpisodeResult of(List<Graded> validInOrder, int steps, int submissions, long wallTimeSeconds,
            String endReason, String taskVersion, String dataHash) {
        Best best = Best.NONE;
        GradeReport chosen = null;
        for (Graded g : validInOrder) {
            Best next = best.offer(g.number(), g.report().scores().feedback(),
                    g.report().feedback() == null ? null : g.report().feedback().humanRank(), g.report().higherIsBetter());
            if (next != best) {
                chosen = g.report();
            }
            best = next;
        }
        if (chosen == null) {
            return new EpisodeResult(false, null, null, null, null, null, null, null, Medal.NONE, false, steps, submissions,
                    wallTimeSeconds, endReason, taskVersion, dataHash);
        }
        return new EpisodeResult(true, best.submission(), chosen.scores().feedback(), chosen.scores().finalScore(),
                chosen.scores().full(), chosen.standing().humanRank(), chosen.standing().humanRankPublic(),
                chosen.standing().humanRankPrivate(), chosen.medal(), chosen.aboveMedian(), steps, submissions,
                wallTimeSeconds, endReason, chosen.taskVersion(),
                chosen.dataHash() != null ? chosen.dataHash() : dataHash);
    }
}
