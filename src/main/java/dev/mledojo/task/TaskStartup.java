package dev.mledojo.task;

import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * At startup: sync the task folders into the catalogue (unchanged folders are skipped by their content hash), record
 * the data hash of data prepared before data hashes, then prepare what can be prepared offline and regenerate practice
 * data that is missing or damaged (intact data is kept).
 */
@ApplicationScoped
public class TaskStartup {

    private final TaskConfig config;
    private final TaskCatalogueSync sync;
    private final TaskDataService data;

    public TaskStartup(TaskConfig config, TaskCatalogueSync sync, TaskDataService data) {
        this.config = config;
        this.sync = sync;
        this.data = data;
    }

    /** Where task folders uploaded or edited by admins live ({@code ${dojo.data-dir}/task-folders}). */
    public static Path curatedFolders(TaskConfig config) {
        return Path.of(config.dataDir()).toAbsolutePath().resolve("task-folders");
    }

    void onStart(@Observes StartupEvent event) {
        if (config.tasks().syncOnStart()) {
            // folders defined or edited by admins override the repository's folders of the same name
            Path curated = curatedFolders(config);
            sync.syncAll(java.nio.file.Files.isDirectory(curated) ? List.of(Path.of(config.tasks().dir()), curated)
                    : List.of(Path.of(config.tasks().dir())));
        }
        long started = System.nanoTime();
        data.backfillDataHashes();
        if (config.tasks().prepareGeneratedOnStart()) {
            data.prepareAvailable();
        }
        Log.infof("task data checked (%d ms)", (System.nanoTime() - started) / 1_000_000);
    }
}
