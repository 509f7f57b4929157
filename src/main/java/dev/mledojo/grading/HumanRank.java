package dev.mledojo.grading;

import java.util.List;

/**
 * HumanRank: the share of a leaderboard's entries that a score equals or beats, direction-aware. On a board of N
 * entries where the score would take position p (ties resolved in the agent's favour) this is MLE-Dojo's
 * {@code (N - p + 1) / N}.
 */
public final class HumanRank {

    private HumanRank() {
    }

    /**
     * @return the HumanRank on one board, or {@code null} when the board is empty or the score is not a number
     */
    public static Double onBoard(List<Double> board, double score, boolean higherIsBetter) {
        if (board.isEmpty() || Double.isNaN(score)) {
            return null;
        }
        int beaten = 0;
        for (double entry : board) {
            if (higherIsBetter ? score >= entry : score <= entry) {
                beaten++;
            }
        }
        return (double) beaten / board.size();
    }

    /** The 1-based position the score would take on the board (ties in the agent's favour), or null. */
    public static Integer position(List<Double> board, double score, boolean higherIsBetter) {
        Double rank = onBoard(board, score, higherIsBetter);
        if (rank == null) {
            return null;
        }
        int n = board.size();
        return (int) Math.round(n - rank * n + 1);
    }

    /** The mean over the boards that exist, or null when neither does. */
    public static Double mean(Double publicRank, Double privateRank) {
        if (publicRank == null) {
            return privateRank;
        }
        if (privateRank == null) {
            return publicRank;
        }
        return (publicRank + privateRank) / 2;
    }
}
