package dev.mledojo.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Where tasks are defined and prepared, and what happens at startup. */
@ConfigMapping(prefix = "dojo")
public interface TaskConfig {

    /** Prepared task data and the embedded database live here (env {@code DOJO_DATA_DIR}). */
    @WithName("data-dir")
    @WithDefault("data")
    String dataDir();

    Tasks tasks();

    /** The task folders. */
    interface Tasks {
        /** The folder holding one sub-folder per task (env {@code DOJO_TASKS_DIR}). */
        @WithDefault("tasks")
        String dir();

        /** Sync the folders into the catalogue at startup. */
        @WithName("sync-on-start")
        @WithDefault("true")
        boolean syncOnStart();

        /** Generate the data of practice tasks at startup when it is missing. */
        @WithName("prepare-generated-on-start")
        @WithDefault("true")
        boolean prepareGeneratedOnStart();

        /**
         * How many answer cells (rows x columns) the hidden-answers cache holds at most, over all cached data hashes;
         * answers larger than this are read from disk for every grade.
         */
        @WithName("answers-cache-cells")
        @WithDefault("10000000")
        long answersCacheCells();
    }
}
