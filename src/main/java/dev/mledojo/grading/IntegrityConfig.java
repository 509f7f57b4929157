package dev.mledojo.grading;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** DESIGN §2's integrity switch: which answers scores shown during an episode may use. */
@ConfigMapping(prefix = "dojo.integrity")
public interface IntegrityConfig {

    /** {@code split} (default: the feedback part only), {@code full} (MLE-Dojo: all rows) or {@code none}. */
    @WithDefault("split")
    FeedbackMode feedback();
}
