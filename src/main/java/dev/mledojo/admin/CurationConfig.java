package dev.mledojo.admin;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Data import for task curation: archive limits and the Kaggle account (a secret: env only, never shown). */
@ConfigMapping(prefix = "dojo.curation")
public interface CurationConfig {

    @WithName("max-archive-bytes")
    @WithDefault("53687091200")
    long maxArchiveBytes();

    @WithName("max-archive-entries")
    @WithDefault("1000000")
    int maxArchiveEntries();

    @WithName("max-compression-ratio")
    @WithDefault("200")
    double maxCompressionRatio();

    Kaggle kaggle();

    Preparation preparation();

    /**
     * Sandbox limits of a custom preparation script ({@code prepare/prepare.py}): far above an agent's, because a
     * catalogue competition's media are copied into the prepared version (vinbigdata: ~206 GB).
     */
    interface Preparation {
        @WithName("wall-time")
        @WithDefault("12h")
        java.time.Duration wallTime();

        @WithName("cpu-time")
        @WithDefault("48h")
        java.time.Duration cpuTime();

        @WithName("memory-bytes")
        @WithDefault("17179869184")
        long memoryBytes();

        /** Largest single file a script may write. */
        @WithName("max-file-bytes")
        @WithDefault("107374182400")
        long maxFileBytes();

        @WithName("workspace-bytes")
        @WithDefault("1099511627776")
        long workspaceBytes();

        @WithName("workspace-entries")
        @WithDefault("50000000")
        long workspaceEntries();
    }

    /** The Kaggle API account used to download competition data (env DOJO_CURATION_KAGGLE_USERNAME / _KEY). */
    interface Kaggle {
        @WithName("base-url")
        @WithDefault("https://www.kaggle.com")
        String baseUrl();

        Optional<String> username();

        Optional<String> key();
    }
}
