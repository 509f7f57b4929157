package dev.mledojo.gym;

/**
 * The rule that picks an episode's result: the best valid submission by feedback-part score, ties going to the
 * later one; when scores are hidden (feedback mode {@code none}) the latest valid submission counts. A pure value:
 * the environment uses it to say "this is your best so far", the episode to keep its best and to compute its result.
 *
 * @param submission the submission's number in the episode, or null when there is none yet
 * @param score its feedback-part score (raw), null when none or hidden
 * @param humanRank its feedback HumanRank, or null
 */
public record Best(Integer submission, Double score, Double humanRank) {

    /** No valid submission yet. */
    public static final Best NONE = new Best(null, null, null);

    public boolean none() {
        return submission == null;
    }

    /**
     * Whether a valid submission with this score becomes the best: it does when there is none yet, when scores are
     * hidden, or when it is at least as good (a tie goes to the later submission).
     */
    public boolean isBeatenBy(Double candidateScore, boolean higherIsBetter) {
        if (none() || candidateScore == null || score == null) {
            return true;
        }
        return higherIsBetter ? candidateScore >= score : candidateScore <= score;
    }

    /** The best after a valid submission is offered (submissions are offered in the order they were made). */
    public Best offer(int candidate, Double candidateScore, Double candidateRank, boolean higherIsBetter) {
        return isBeatenBy(candidateScore, higherIsBetter) ? new Best(candidate, candidateScore, candidateRank) : this;
    }
}
