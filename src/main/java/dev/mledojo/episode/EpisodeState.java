package dev.mledojo.episode;

/** Lifecycle of an episode (DESIGN §5). Interactive episodes go straight from creation to {@code RUNNING}. */
public enum EpisodeState {
    QUEUED, STARTING, RUNNING, FINISHED, FAILED, CANCELLED;

    public boolean closed() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
