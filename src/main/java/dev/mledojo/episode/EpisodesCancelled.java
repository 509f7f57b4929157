package dev.mledojo.episode;

import java.util.List;

/** Fired when episodes were cancelled; launchers observe it after the commit to stop what runs for them. */
public record EpisodesCancelled(List<String> episodeIds) {
}
