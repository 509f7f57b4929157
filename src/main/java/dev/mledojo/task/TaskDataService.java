package dev.mledojo.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import dev.mledojo.files.FileOps;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;
import dev.mledojo.task.Answers;
import dev.mledojo.task.practice.DataGenerator;
import io.quarkus.logging.Log;

/**
 * Owns the prepared files of task versions under {@code ${dojo.data-dir}/tasks/<task>/<hash>/}: generates practice
 * data, detects data placed there by an admin, computes the feedback/final split, serves public files and loads the
 * hidden answers for grading.
 */
@ApplicationScoped
public class TaskDataService {

    static final String ANSWERS = "private/answers.csv";
    static final String SPLIT = "private/split.csv";

    static final int ANSWERS_CACHED = 16;

    private final TaskConfig config;
    private final Instance<DataGenerator> generators;
    /** Hidden answers of the most recently graded versions (a few tasks' answers can be large: bounded). */
    private final com.github.benmanes.caffeine.cache.Cache<Long, Answers> answersCache =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(ANSWERS_CACHED).build();

    public TaskDataService(TaskConfig config, Instance<DataGenerator> generators) {
        this.config = config;
        this.generators = generators;
    }

    /** The folder holding a version's {@code public/} and {@code private/} data. */
    public Path versionDir(String slug, String contentHash) {
        return Path.of(config.dataDir()).toAbsolutePath().resolve("tasks").resolve(slug).resolve(contentHash.substring(0, 16));
    }

    /** Prepares every current version that can be prepared here: generated data, or data already on disk. */
    public void prepareAvailable() {
        for (Long id : pendingVersionIds()) {
            prepare(id);
        }
    }

    @Transactional
    List<Long> pendingVersionIds() {
        return TaskVersion.<TaskVersion>find("select v from Task t join t.currentVersion v where v.dataStatus <> ?1",
                DataStatus.READY).list().stream().map(v -> v.id).toList();
    }

    /** Prepares one version when its source allows it; failures are recorded on the version, never thrown. */
    public void prepare(long versionId) {
        Snapshot s = snapshot(versionId);
        Path dir = versionDir(s.slug, s.definition.contentHash());
        try {
            if (!isComplete(dir)) {
                if (!s.definition.data().generated()) {
                    return; // kaggle/local data must be placed by an admin (see the admin issue)
                }
                markPreparing(versionId);
                generate(s.definition, dir);
            }
            ensureSplit(s.definition, dir);
            List<DataFile> files = inventory(dir);
            markPrepared(versionId, files);
            Log.infof("task %s v%d prepared: %d files", s.slug, s.number, files.size());
        } catch (RuntimeException e) {
            Log.errorf(e, "preparing task %s failed", s.slug);
            markFailed(versionId, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private record Snapshot(String slug, int number, TaskDefinition definition) {
    }

    @Transactional
    Snapshot snapshot(long versionId) {
        TaskVersion v = TaskVersion.findById(versionId);
        return new Snapshot(v.task.slug, v.number, v.definition);
    }

    @Transactional
    void markPreparing(long versionId) {
        TaskVersion.<TaskVersion>findById(versionId).startPreparing();
    }

    @Transactional
    void markPrepared(long versionId, List<DataFile> files) {
        TaskVersion.<TaskVersion>findById(versionId).prepared(files);
    }

    @Transactional
    void markFailed(long versionId, String error) {
        TaskVersion.<TaskVersion>findById(versionId).preparationFailed(error);
    }

    private static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(ANSWERS)) && Files.isRegularFile(dir.resolve("public/sample_submission.csv"));
    }

    /** Generates into a scratch folder and moves it into place, so a crash never leaves half a dataset. */
    private void generate(TaskDefinition d, Path dir) {
        String id = d.data().setting("generator");
        DataGenerator generator = generators.stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no data generator with id '" + id + "'"));
        Path scratch = dir.resolveSibling(dir.getFileName() + ".tmp");
        try {
            FileOps.deleteRecursively(scratch);
            Files.createDirectories(scratch.resolve("public"));
            Files.createDirectories(scratch.resolve("private"));
            generator.generate(new MetricParams(d.data().settings()), scratch.resolve("public"), scratch.resolve("private"));
            Files.writeString(scratch.resolve("public/description.md"), d.description());
            FileOps.deleteRecursively(dir);
            Files.move(scratch, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code private/split.csv} (id,part) from the answers, once. */
    private static void ensureSplit(TaskDefinition d, Path dir) {
        Path split = dir.resolve(SPLIT);
        if (Files.exists(split)) {
            return;
        }
        Table answers = CsvTables.read(dir.resolve(ANSWERS));
        List<String> ids = List.of(answers.strings(d.idColumn()));
        Map<String, FeedbackSplit.Part> parts = FeedbackSplit.assign(ids, d.feedbackFraction(), FeedbackSplit.seedOf(d));
        List<List<String>> rows = new ArrayList<>(parts.size());
        parts.forEach((id, part) -> rows.add(List.of(id, part.wireName())));
        CsvTables.write(split, List.of("id", "part"), rows);
    }

    /** Every file under a version folder with its size and SHA-256. */
    public static List<DataFile> inventory(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<DataFile> files = new ArrayList<>();
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.add(new DataFile(dir.relativize(p).toString().replace('\\', '/'), Files.size(p), FileOps.sha256(p)));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /**
     * A public file of a prepared version, or empty when the path is not a public file. The path is resolved inside
     * {@code public/} only: {@code ..}, absolute paths and anything under {@code private/} never resolve.
     */
    public Optional<Path> publicFile(String slug, String contentHash, String relative) {
        Path publicDir = versionDir(slug, contentHash).resolve("public").normalize();
        if (relative == null || relative.isBlank() || relative.startsWith("/") || relative.contains("\\")) {
            return Optional.empty();
        }
        Path file = publicDir.resolve(relative).normalize();
        if (!file.startsWith(publicDir) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** The hidden answers of a ready version and the part of each id (cached; versions are immutable). */
    public Answers answers(long versionId, String slug, TaskDefinition d) {
        return answersCache.get(versionId, id -> {
            Path dir = versionDir(slug, d.contentHash());
            Table table = CsvTables.read(dir.resolve(ANSWERS));
            Table split = CsvTables.read(dir.resolve(SPLIT));
            String[] ids = split.column("id");
            String[] parts = split.column("part");
            Map<String, FeedbackSplit.Part> byId = new java.util.HashMap<>(ids.length * 2);
            for (int i = 0; i < ids.length; i++) {
                byId.put(ids[i], FeedbackSplit.Part.valueOf(parts[i].toUpperCase(java.util.Locale.ROOT)));
            }
            return new Answers(table, byId);
        });
    }
}
