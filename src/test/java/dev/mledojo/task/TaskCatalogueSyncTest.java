package dev.mledojo.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TaskCatalogueSyncTest {

    @Inject
    TaskCatalogueSync sync;

    @Inject
    TaskConfig config;

    @TempDir
    Path tmp;

    @Test
    void resyncing_unchanged_tasks_creates_no_version() {
        TaskCatalogueSync.Outcome again = sync.syncAll(Path.of(config.tasks().dir()));
        assertThat(again.folders()).isGreaterThanOrEqualTo(206);
        assertThat(again.newVersions()).isZero();
        assertThat(again.invalid()).isZero();
    }

    @Test
    void changing_one_file_creates_exactly_one_version() throws IOException {
        Path tasks = tmp.resolve("tasks");
        copy(Path.of(config.tasks().dir(), "spaceship-titanic"), tasks.resolve("sync-probe-a"), "spaceship-titanic", "sync-probe-a");
        copy(Path.of(config.tasks().dir(), "titanic"), tasks.resolve("sync-probe-b"), "titanic", "sync-probe-b");
        assertThat(sync.syncAll(tasks).newVersions()).isEqualTo(2);
        assertThat(sync.syncAll(tasks).newVersions()).isZero();

        Files.writeString(tasks.resolve("sync-probe-a/description.md"), "\nEdited.\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(sync.syncAll(tasks).newVersions()).isEqualTo(1);
        assertThat(versionNumbers("sync-probe-a")).containsExactly(1, 2);
        assertThat(versionNumbers("sync-probe-b")).containsExactly(1);
        assertThat(currentNumber("sync-probe-a")).isEqualTo(2);
    }

    @Test
    void a_broken_folder_is_listed_as_invalid_and_a_fix_clears_it() throws IOException {
        Path tasks = tmp.resolve("tasks");
        Path folder = tasks.resolve("sync-probe-c");
        copy(Path.of(config.tasks().dir(), "titanic"), folder, "titanic", "sync-probe-c");
        String good = Files.readString(folder.resolve("task.yaml"));
        Files.writeString(folder.resolve("task.yaml"), good.replace("domain: tabular", "domain: nowhere"));
        TaskCatalogueSync.Outcome outcome = sync.syncAll(tasks);
        assertThat(outcome.invalid()).isEqualTo(1);
        assertThat(problem("sync-probe-c")).contains("task.yaml").contains("domain").contains("nowhere");

        Files.writeString(folder.resolve("task.yaml"), good);
        assertThat(sync.syncAll(tasks).invalid()).isZero();
        assertThat(problem("sync-probe-c")).isNull();
    }

    @Test
    void a_direction_that_contradicts_the_metric_is_refused() throws IOException {
        Path tasks = tmp.resolve("tasks");
        Path folder = tasks.resolve("sync-probe-d");
        copy(Path.of(config.tasks().dir(), "titanic"), folder, "titanic", "sync-probe-d");
        String yaml = Files.readString(folder.resolve("task.yaml"));
        Files.writeString(folder.resolve("task.yaml"), yaml.replace("higher_is_better: true", "higher_is_better: false"));
        assertThat(sync.syncAll(tasks).invalid()).isEqualTo(1);
        assertThat(problem("sync-probe-d")).contains("higher_is_better");
    }

    @Transactional
    java.util.List<Integer> versionNumbers(String slug) {
        return TaskVersion.<TaskVersion>find("task.slug = ?1 order by number", slug).list().stream().map(v -> v.number).toList();
    }

    @Transactional
    int currentNumber(String slug) {
        return Task.findBySlug(slug).orElseThrow().currentVersion.number;
    }

    @Transactional
    String problem(String slug) {
        return Task.findBySlug(slug).orElseThrow().problem().map(TaskProblem::toString).orElse(null);
    }

    private static void copy(Path from, Path to, String oldId, String newId) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Path yaml = to.resolve("task.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("id: " + oldId + "\n", "id: " + newId + "\n"));
    }
}
