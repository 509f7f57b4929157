package dev.mledojo.llm;

/**
 * A gateway call that did not produce an answer: the HTTP status and problem type the gateway answers with (e.g. 429
 * {@code llm-budget-exhausted}, 409 {@code replay-exhausted}, 502 {@code llm-provider-error}).
 */
public class LlmException extends RuntimeException {

    private final int status;
    private final String type;

    public LlmException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public boolean budgetExhausted() {
        return status == 429;
    }
}
