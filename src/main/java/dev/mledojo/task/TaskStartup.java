package dev.mledojo.task;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/** At startup: sync the task folders into the catalogue, then prepare what can be prepared offline. */
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

    void onStart(@Observes StartupEvent event) {
        if (config.tasks().syncOnStart()) {
            sync.syncAll(Path.of(config.tasks().dir()));
        }
        if (config.tasks().prepareGeneratedOnStart()) {
            data.prepareAvailable();
        }
    }
}
