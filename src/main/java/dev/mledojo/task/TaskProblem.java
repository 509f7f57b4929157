package dev.mledojo.task;

/**
 * Why a task folder cannot be used, precisely enough to fix it: the file, the field within it (may be empty) and
 * the reason.
 */
public record TaskProblem(String file, String field, String reason) {

    @Override
    public String toString() {
        return file + (field == null || field.isEmpty() ? "" : " [" + field + "]") + ": " + reason;
    }
}
