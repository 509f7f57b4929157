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

    @Test
    void an_unchanged_folder_is_skipped_by_its_hash_and_a_changed_one_is_synced_again() throws IOException {
        Path tasks = tmp.resolve("tasks");
        copy(Path.of(config.tasks().dir(), "titanic"), tasks.resolve("sync-probe-e"), "titanic", "sync-probe-e");
        copy(Path.of(config.tasks().dir(), "spaceship-titanic"), tasks.resolve("sync-probe-f"), "spaceship-titanic",
                "sync-probe-f");
        TaskCatalogueSync.Outcome first = sync.syncAll(tasks);
        assertThat(first.newVersions()).isEqualTo(2);
        assertThat(first.unchanged()).isZero();

        TaskCatalogueSync.Outcome again = sync.syncAll(tasks);
        assertThat(again.folders()).isEqualTo(2);
        assertThat(again.unchanged()).isEqualTo(2);
        assertThat(again.newVersions()).isZero();

        Files.writeString(tasks.resolve("sync-probe-f/leaderboard/public.csv"), "rank,score\n1,0.99\n2,0.5\n");
        TaskCatalogueSync.Outcome changed = sync.syncAll(tasks);
        assertThat(changed.unchanged()).isEqualTo(1);
        assertThat(changed.newVersions()).isEqualTo(1);
        assertThat(versionNumbers("sync-probe-e")).containsExactly(1);
        assertThat(versionNumbers("sync-probe-f")).containsExactly(1, 2);
        assertThat(currentHash("sync-probe-f")).isEqualTo(TaskParser.contentHash(tasks.resolve("sync-probe-f")));
    }

    @Test
    void a_task_marked_invalid_is_parsed_again_even_when_its_folder_is_unchanged() throws IOException {
        Path tasks = tmp.resolve("tasks");
        copy(Path.of(config.tasks().dir(), "titanic"), tasks.resolve("sync-probe-g"), "titanic", "sync-probe-g");
        sync.syncAll(tasks);
        markInvalid("sync-probe-g"); // e.g. by an earlier release whose parser or metric registry refused the folder

        TaskCatalogueSync.Outcome again = sync.syncAll(tasks);

        assertThat(again.unchanged()).isZero();
        assertThat(again.invalid()).isZero();
        assertThat(problem("sync-probe-g")).isNull();
        assertThat(versionNumbers("sync-probe-g")).containsExactly(1);
    }

    @Test
    void a_folder_of_a_later_directory_overrides_the_folder_of_the_same_name() throws IOException {
        Path repository = tmp.resolve("repository");
        Path curated = tmp.resolve("curated");
        copy(Path.of(config.tasks().dir(), "titanic"), repository.resolve("sync-probe-h"), "titanic", "sync-probe-h");
        copy(Path.of(config.tasks().dir(), "titanic"), curated.resolve("sync-probe-h"), "titanic", "sync-probe-h");
        Files.writeString(curated.resolve("sync-probe-h/description.md"), "\nCurated.\n",
                java.nio.file.StandardOpenOption.APPEND);

        TaskCatalogueSync.Outcome outcome = sync.syncAll(java.util.List.of(repository, curated));
        assertThat(outcome.folders()).isEqualTo(1);
        assertThat(versionNumbers("sync-probe-h")).containsExactly(1);
        assertThat(currentHash("sync-probe-h")).isEqualTo(TaskParser.contentHash(curated.resolve("sync-probe-h")));

        assertThat(sync.syncAll(java.util.List.of(repository, curated)).unchanged()).isEqualTo(1);
        assertThat(versionNumbers("sync-probe-h")).containsExactly(1);
    }

    @Test
    void two_replicas_syncing_the_same_new_folders_at_once_both_succeed_with_one_version_each() throws Exception {
        java.util.List<String> ids = java.util.List.of("sync-probe-i", "sync-probe-j", "sync-probe-k");
        Path tasks = tmp.resolve("tasks");
        for (String id : ids) {
            copy(Path.of(config.tasks().dir(), "titanic"), tasks.resolve(id), "titanic", id);
        }
        java.util.List<Integer> created = racing(() -> sync.syncAll(tasks).newVersions(),
                () -> sync.syncAll(tasks).newVersions());
        assertThat(created.get(0) + created.get(1)).isEqualTo(3);
        for (String id : ids) {
            assertThat(versionNumbers(id)).containsExactly(1);
            assertThat(problem(id)).isNull();
        }
    }

    @Test
    void a_startup_sync_and_an_admin_sync_of_the_same_new_folders_at_once_make_one_version_each() throws Exception {
        java.util.List<String> ids = java.util.List.of("sync-probe-l", "sync-probe-m", "sync-probe-n");
        Path tasks = tmp.resolve("tasks");
        for (String id : ids) {
            copy(Path.of(config.tasks().dir(), "titanic"), tasks.resolve(id), "titanic", id);
        }
        // one replica inserts the new tasks in a batch, the other syncs them one by one (as an admin's upload does)
        java.util.List<Integer> created = racing(() -> sync.syncAll(tasks).newVersions(), () -> {
            int n = 0;
            for (String id : ids) {
                n += sync.sync(TaskParser.parse(tasks.resolve(id))) ? 1 : 0;
            }
            return n;
        });
        assertThat(created.get(0) + created.get(1)).isEqualTo(3);
        for (String id : ids) {
            assertThat(versionNumbers(id)).containsExactly(1);
        }
    }

    /** Runs both at the same moment on two threads (as two replicas would) and returns their results. */
    private static java.util.List<Integer> racing(java.util.concurrent.Callable<Integer> a,
            java.util.concurrent.Callable<Integer> b) throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService replicas = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = replicas.submit(() -> {
                go.await();
                return a.call();
            });
            var second = replicas.submit(() -> {
                go.await();
                return b.call();
            });
            go.countDown();
            return java.util.List.of(first.get(60, java.util.concurrent.TimeUnit.SECONDS),
                    second.get(60, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            replicas.shutdownNow();
        }
    }

    @Transactional
    String currentHash(String slug) {
        return Task.findBySlug(slug).orElseThrow().currentVersion.contentHash;
    }

    @Transactional
    void markInvalid(String slug) {
        Task.findBySlug(slug).orElseThrow().markInvalid(new TaskProblem("task.yaml", "metric", "refused earlier"), "x");
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
