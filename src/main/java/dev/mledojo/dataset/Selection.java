package dev.mledojo.dataset;

/**
 * Whose episodes a dataset starts from: every agent the caller may see (the boards), one agent (optionally one of its
 * versions), or one submission.
 */
public record Selection(Kind kind, String owner, String agent, Integer version, Long submission) {

    /** The three ways to select. */
    public enum Kind {
        BOARD, AGENT, SUBMISSION
    }

    public static Selection board() {
        return new Selection(Kind.BOARD, null, null, null, null);
    }

    public static Selection agent(String owner, String name, Integer version) {
        return new Selection(Kind.AGENT, owner, name, version, null);
    }

    public static Selection submission(long id) {
        return new Selection(Kind.SUBMISSION, null, null, null, id);
    }
}
