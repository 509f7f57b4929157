package dev.mledojo.task;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * At startup: sync the task folders into the catalogue, record the data hash of data prepared before data hashes,
 * then prepare what can be prepared offline.
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
            sync.syncAll(Path.of(config.tasks().dir()));
            // folders defined or edited by admins override the repository's, so they are synced last
            Path curated = curatedFolders(config);
            if (java.nio.file.Files.isDirectory(curated)) {
                sync.syncAll(curated);
            }
        }
        data.backfillDataHashes();
        if (config.tasks().prepareGeneratedOnStart()) {
            data.prepareAvailable();
        }
    }
}
