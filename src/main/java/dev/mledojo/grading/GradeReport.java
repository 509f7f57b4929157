package dev.mledojo.grading;

import java.time.Instant;

/**
 * Everything a grade says about one valid submission: the scores on each part of the answers, where they stand on
 * the comparison boards, the medal, and the facts needed to reproduce the result (task version, the data hash of the
 * answers it was graded on, thresholds, board sizes).
 *
 * @param taskVersion the content hash of the task version's definition
 * @param dataHash the data hash of the prepared data whose answers graded it (null only outside stored data)
 */
public record GradeReport(
        String task,
        String taskVersion,
        String dataHash,
        String metric,
        boolean higherIsBetter,
        Scores scores,
        Rows rows,
        Standing feedback,
        Standing standing,
        Medal medal,
        boolean aboveMedian,
        MedalThresholds thresholds,
        Boards boards,
        String feedbackMode,
        Instant gradedAt,
        long durationMillis) {

    /** Raw metric values; {@code feedback} is null when the feedback mode is {@code none}. */
    public record Scores(Double feedback, double finalScore, double full) {
    }

    /** How many answer rows each part holds. */
    public record Rows(int feedback, int finalPart, int total) {
    }

    /**
     * A score placed on the boards: HumanRank per board and their mean, and the position it would take.
     *
     * @param score the score that was placed
     */
    public record Standing(double score, Double humanRankPublic, Double humanRankPrivate, Double humanRank,
            Integer positionPublic, Integer positionPrivate) {
    }

    /** The comparison boards used: their kind (human or reference), label and sizes. */
    public record Boards(String kind, String label, int publicEntries, int privateEntries) {
    }
}
