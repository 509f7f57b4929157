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

    /**
     * Longest accepted record of a submission, in characters, checked while reading. The catalogue's longest real lines
     * are run-length-encoded masks of whole images (a few MiB).
     */
    @WithName("max-line-chars")
    @WithDefault("16777216")
    int maxLineChars();

    /** Most fields of one record (the header included), checked while reading; real submissions have a few hundred. */
    @WithName("max-columns")
    @WithDefault("10000")
    int maxColumns();

    /** These limits for the CSV reader. */
    default dev.mledojo.metric.CsvLimits csvLimits() {
        return new dev.mledojo.metric.CsvLimits(maxRows(), maxLineChars(), maxColumns());
    }
}
