package dev.mledojo.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Platform-wide default quotas; an admin may override each per user. */
@ConfigMapping(prefix = "dojo.quota")
public interface QuotaConfig {

    @WithName("episodes-per-day")
    @WithDefault("200")
    int episodesPerDay();

    /** Interactive episodes open at once. */
    @WithName("concurrent-episodes")
    @WithDefault("4")
    int concurrentEpisodes();

    @WithName("grades-per-day")
    @WithDefault("500")
    int gradesPerDay();

    /** Episodes waiting in the queue at once (used by submissions). */
    @WithName("queued-episodes")
    @WithDefault("100")
    int queuedEpisodes();
}
