package dev.mledojo.episode;

import dev.mledojo.grading.Medal;

/**
 * The result of a closed episode: the final submission (best by feedback score, ties to the latest), its scores on
 * every part, HumanRank of the final-part score on both boards, medal, and the effort it took.
 */
public record EpisodeResult(boolean valid, Integer submission, Double feedbackScore, Double finalScore, Double fullScore,
        Double humanRank, Double humanRankPublic, Double humanRankPrivate, Medal medal, boolean aboveMedian,
        int steps, int submissions, long wallTimeSeconds, String endReason, String taskVersion) {
}
