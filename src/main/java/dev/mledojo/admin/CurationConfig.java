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

    /** The Kaggle API account used to download competition data (env DOJO_CURATION_KAGGLE_USERNAME / _KEY). */
    interface Kaggle {
        @WithName("base-url")
        @WithDefault("https://www.kaggle.com")
        String baseUrl();

        Optional<String> username();

        Optional<String> key();
    }
}
