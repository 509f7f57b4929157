package dev.mledojo.task;

/** Lifecycle of a task version: {@code draft → preparing → ready → retired}; a ready version is immutable. */
public enum TaskStatus {
    /** Defined, but its data is not prepared yet ("data not prepared"). */
    DRAFT,
    /** Data preparation is running. */
    PREPARING,
    /** Data prepared; submissions can be graded. */
    READY,
    /** No longer offered. */
    RETIRED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
