package dev.mledojo.task.prepare;

/** Preparation could not produce a valid version; the message says which file, column or setting to fix. */
public final class PreparationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PreparationException(String message) {
        super(message);
    }

    public PreparationException(String message, Throwable cause) {
        super(message, cause);
    }
}
