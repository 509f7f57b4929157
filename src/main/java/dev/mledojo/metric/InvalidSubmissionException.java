package dev.mledojo.metric;

/** The submission breaks the task's format; the message says exactly what and where, so an agent can fix it. */
public class InvalidSubmissionException extends RuntimeException {

    private final SubmissionErrorKind kind;

    public InvalidSubmissionException(SubmissionErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SubmissionErrorKind kind() {
        return kind;
    }
}
