package dev.mledojo.episode;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which launcher runs admitted episodes (env {@code DOJO_LAUNCHER}). */
@ConfigMapping(prefix = "dojo")
public interface LaunchConfig {

    /** {@code local} (threads of this instance, the embedded default) or {@code kubernetes} (one Job per episode). */
    @WithDefault("local")
    String launcher();
}
