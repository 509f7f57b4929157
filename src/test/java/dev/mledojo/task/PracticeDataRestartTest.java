package dev.mledojo.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mledojo.files.FileOps;
import dev.mledojo.task.TaskService.VersionRef;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a restart does to practice (generated) data: intact data stays as it is (no regeneration), a missing or
 * damaged data folder is generated again into the same data-addressed folder with the same data hash.
 */
@QuarkusTest
class PracticeDataRestartTest {

    @Inject
    TaskCatalogueSync sync;

    @Inject
    TaskDataService data;

    @Inject
    TaskService tasks;

    @Inject
    TaskConfig config;

    @TempDir
    Path tmp;

    @Test
    void intact_practice_data_is_kept_as_it_is() throws IOException {
        VersionRef v = definePrepared("regen-probe-a");
        Path dir = data.dataDir(v);
        Object folder = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        FileTime answers = Files.getLastModifiedTime(dir.resolve("private/answers.csv"));

        data.prepareAvailable(); // what the next start does

        VersionRef after = tasks.currentVersion("regen-probe-a").orElseThrow();
        assertThat(after.id()).isEqualTo(v.id());
        assertThat(after.dataHash()).isEqualTo(v.dataHash());
        assertThat(data.dataDir(after)).isEqualTo(dir);
        assertThat(Files.readAttributes(dir, BasicFileAttributes.class).fileKey()).isEqualTo(folder);
        assertThat(Files.getLastModifiedTime(dir.resolve("private/answers.csv"))).isEqualTo(answers);
    }

    @Test
    void a_deleted_practice_data_folder_is_generated_again_with_the_same_hash() throws IOException {
        VersionRef v = definePrepared("regen-probe-b");
        Path dir = data.dataDir(v);
        FileOps.deleteRecursively(dir);

        data.prepareAvailable();

        assertThat(dir).isDirectory();
        assertThat(DataHash.of(dir)).isEqualTo(v.dataHash());
        VersionRef after = tasks.currentVersion("regen-probe-b").orElseThrow();
        assertThat(after.id()).isEqualTo(v.id());
        assertThat(after.ready()).isTrue();
        assertThat(after.dataHash()).isEqualTo(v.dataHash());
        assertThat(data.publicFile(after, "sample_submission.csv")).isPresent();
        assertThat(leftovers("regen-probe-b")).isEmpty();
    }

    @Test
    void a_damaged_practice_data_file_is_restored() throws IOException {
        VersionRef v = definePrepared("regen-probe-c");
        Path dir = data.dataDir(v);
        String answers = Files.readString(dir.resolve("private/answers.csv"));
        Files.writeString(dir.resolve("private/answers.csv"), "id,churned\n1,1\n");

        data.prepareAvailable();

        assertThat(Files.readString(dir.resolve("private/answers.csv"))).isEqualTo(answers);
        assertThat(DataHash.of(dir)).isEqualTo(v.dataHash());
        assertThat(tasks.currentVersion("regen-probe-c").orElseThrow().dataHash()).isEqualTo(v.dataHash());
        assertThat(leftovers("regen-probe-c")).isEmpty();
    }

    @Test
    void an_offered_version_is_kept_in_memory_and_a_draft_is_read_each_time() throws IOException {
        VersionRef v = definePrepared("regen-probe-d");
        assertThat(tasks.offeredVersion(v.id()).orElseThrow().definition().title()).isEqualTo(v.definition().title());
        // a ready version never changes; were its row changed anyway, the kept copy shows it was not read again
        retitle(v.id(), "Changed behind the cache");
        assertThat(tasks.offeredVersion(v.id()).orElseThrow().definition().title()).isEqualTo(v.definition().title());
        assertThat(tasks.version(v.id()).orElseThrow().definition().title()).isEqualTo("Changed behind the cache");

        // a version not offered yet (its data not prepared) is read every time
        copyTask("regen-probe-e");
        assertThat(sync.syncAll(tmp.resolve("tasks")).invalid()).isZero();
        VersionRef draft = tasks.currentVersion("regen-probe-e").orElseThrow();
        assertThat(draft.status()).isEqualTo(TaskStatus.DRAFT);
        assertThat(tasks.offeredVersion(draft.id()).orElseThrow().definition().title())
                .isEqualTo(draft.definition().title());
        retitle(draft.id(), "Read again");
        assertThat(tasks.offeredVersion(draft.id()).orElseThrow().definition().title()).isEqualTo("Read again");
    }

    private static void retitle(long versionId, String title) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> TaskVersion.getEntityManager()
                .createNativeQuery("update task_version set definition = jsonb_set(definition, '{title}', "
                        + "to_jsonb(cast(?1 as text))) where id = ?2")
                .setParameter(1, title).setParameter(2, versionId).executeUpdate());
    }

    /** A generated task of our own (a copy of a practice task under another id and tag), synced and prepared. */
    private VersionRef definePrepared(String id) throws IOException {
        copyTask(id);
        assertThat(sync.syncAll(tmp.resolve("tasks")).invalid()).isZero();
        data.prepareAvailable();
        VersionRef v = tasks.currentVersion(id).orElseThrow();
        assertThat(v.ready()).as("the probe's data was generated").isTrue();
        assertThat(v.dataHash()).isNotNull();
        assertThat(data.dataDir(v)).isDirectory();
        return v;
    }

    /** A copy of a practice task's folder under another id and tag, in this test's task folder (not synced). */
    private void copyTask(String id) throws IOException {
        Path from = Path.of(config.tasks().dir(), "practice-tabular-binary");
        Path folder = tmp.resolve("tasks").resolve(id);
        Files.createDirectories(folder.resolve("leaderboard"));
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.copy(p, folder.resolve(from.relativize(p).toString()));
            }
        }
        Path yaml = folder.resolve("task.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("id: practice-tabular-binary\n", "id: " + id + "\n")
                .replace("tags: [practice, binary-classification]", "tags: [probe]"));
    }

    /** Staging or set-aside folders left next to a task's data. */
    private java.util.List<Path> leftovers(String id) throws IOException {
        Path taskDir = Path.of(config.dataDir()).toAbsolutePath().resolve("tasks").resolve(id);
        try (Stream<Path> walk = Files.walk(taskDir, 2)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
