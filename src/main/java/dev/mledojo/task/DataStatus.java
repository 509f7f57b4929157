package dev.mledojo.task;

/** Whether a task version's prepared files (public data, hidden answers) exist on disk. */
public enum DataStatus {
    MISSING, PREPARING, READY, FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
