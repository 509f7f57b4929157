package dev.mledojo.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mledojo.metric.MetricRegistry;
import io.quarkus.logging.Log;

/**
 * Brings the catalogue in the database in line with the task folders: a new content hash makes a new version, an
 * unchanged folder changes nothing, a broken folder is recorded with its problem and never stops startup.
 */
@ApplicationScoped
public class TaskCatalogueSync {

    private final MetricRegistry metrics;

    public TaskCatalogueSync(MetricRegistry metrics) {
        this.metrics = metrics;
    }

    /** What one sync did. */
    public record Outcome(int folders, int newVersions, int invalid) {
    }

    /** Syncs every folder under {@code tasksDir}. */
    public Outcome syncAll(Path tasksDir) {
        if (!Files.isDirectory(tasksDir)) {
            Log.warnf("task folder %s does not exist: the catalogue stays as it is", tasksDir.toAbsolutePath());
            return new Outcome(0, 0, 0);
        }
        List<Path> folders;
        try (Stream<Path> list = Files.list(tasksDir)) {
            folders = list.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int created = 0;
        int invalid = 0;
        for (Path folder : folders) {
            TaskParser.Result result = TaskParser.parse(folder);
            if (result instanceof TaskParser.Valid valid) {
                result = checkAgainstRegistry(valid);
            }
            if (sync(result)) {
                created++;
            }
            if (result instanceof TaskParser.Invalid bad) {
                invalid++;
                Log.warnf("task %s is invalid: %s", bad.id(), bad.problem());
            }
        }
        Log.infof("task catalogue: %d folders, %d new versions, %d invalid", folders.size(), created, invalid);
        return new Outcome(folders.size(), created, invalid);
    }

    /** A task whose direction contradicts its metric would rank every score backwards: refuse it. */
    private TaskParser.Result checkAgainstRegistry(TaskParser.Valid valid) {
        TaskDefinition d = valid.definition();
        return metrics.find(d.metricId())
                .filter(m -> m.higherIsBetter() != d.higherIsBetter())
                .<TaskParser.Result>map(m -> new TaskParser.Invalid(d.id(), new TaskProblem("task.yaml", "higher_is_better",
                        "metric " + d.metricId() + " is " + (m.higherIsBetter() ? "higher" : "lower")
                                + "-is-better but the task says " + d.higherIsBetter()), d.contentHash()))
                .orElse(valid);
    }

    /** @return true when a new version was created */
    @Transactional
    public boolean sync(TaskParser.Result result) {
        Task task = Task.findBySlug(result.id()).orElseGet(() -> Task.create(result.id()));
        if (result instanceof TaskParser.Valid valid) {
            return task.adopt(valid.definition());
        }
        TaskParser.Invalid bad = (TaskParser.Invalid) result;
        task.markInvalid(bad.problem(), bad.contentHash());
        return false;
    }
}
