package dev.mledojo.grading;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Limits on submissions. */
@ConfigMapping(prefix = "dojo.grading")
public interface GradingConfig {

    /** Largest accepted submission file, in bytes. */
    @WithName("max-bytes")
    @WithDefault("536870912")
    long maxBytes();

    /** Largest accepted number of data rows. */
    @WithName("max-rows")
    @WithDefault("10000000")
    int maxRows();

}
