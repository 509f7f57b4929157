package dev.mledojo.dataset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Dataset exports ({@code dojo.datasets.*}). */
@ConfigMapping(prefix = "dojo.datasets")
public interface DatasetConfig {

    /**
     * How many episodes one read of an export loads (one transaction each): memory holds one batch of episodes with
     * their steps and messages, never the whole export.
     */
    @WithName("batch-size")
    @WithDefault("25")
    int batchSize();
}
