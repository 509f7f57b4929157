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
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.mledojo.files.FileOps;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.MetricParams;
import dev.mledojo.metric.Table;
import dev.mledojo.task.TaskService.VersionRef;
import dev.mledojo.task.practice.DataGenerator;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Owns the prepared files of task versions. Prepared data is data-addressed: it lives in
 * {@code ${dojo.data-dir}/tasks/<task>/data/<first 16 hex of its data hash>/{public,private}}, is moved there in one
 * atomic rename once complete and is never changed afterwards. Data prepared before data hashes existed stays in the
 * legacy {@code tasks/<task>/<first 16 hex of the content hash>/} folder (its hash is backfilled at startup from the
 * recorded inventory), which is also where an admin may place data by hand for a version not yet prepared. This
 * service generates practice data, adopts hand-placed data, computes the feedback/final split, serves public files
 * and loads the hidden answers for grading, cached by data hash.
 */
@ApplicationScoped
public class TaskDataService {

    static final String ANSWERS = "private/answers.csv";
    static final String SPLIT = "private/split.csv";

    private final TaskConfig config;
    private final Instance<DataGenerator> generators;
    /**
     * Hidden answers by data hash: the same hash is the same bytes, so an entry can never be another data's answers.
     * Bounded by the number of cells held ({@code dojo.tasks.answers-cache-cells}).
     */
    private final Cache<String, Answers> answersCache;

    public TaskDataService(TaskConfig config, Instance<DataGenerator> generators) {
        this.config = config;
        this.generators = generators;
        this.answersCache = Caffeine.newBuilder().maximumWeight(config.tasks().answersCacheCells())
                .weigher((String key, Answers a) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1L, (long) a.table().rowCount() * a.table().columns().size())))
                .build();
    }

    private Path root() {
        return Path.of(config.dataDir()).toAbsolutePath();
    }

    /**
     * The legacy folder of a definition ({@code tasks/<task>/<content hash16>}): data prepared before data hashes,
     * and the place where an admin may put data by hand for a version that has none yet.
     */
    public Path legacyDir(String slug, String contentHash) {
        return root().resolve("tasks").resolve(slug).resolve(contentHash.substring(0, 16));
    }

    /** The folder holding a version's {@code public/} and {@code private/} data. */
    public Path dataDir(VersionRef version) {
        return version.dataDir() != null ? root().resolve(version.dataDir()).normalize()
                : legacyDir(version.slug(), version.definition().contentHash());
    }

    /** A fresh (not yet existing) folder to prepare a task's data in, on the same disk as its final place. */
    public Path staging(String slug) {
        Path dir = root().resolve("tasks").resolve(slug);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(".staging-" + UUID.randomUUID());
    }

    /**
     * Moves complete prepared data (with its split) into its data-addressed folder in one atomic rename. When that
     * folder exists already it holds the same bytes (checked), and the prepared copy is dropped.
     */
    public StoredData store(String slug, Path prepared) {
        List<DataFile> files = inventory(prepared);
        String hash = DataHash.of(files);
        String relative = "tasks/" + slug + "/data/" + hash.substring(0, DataHash.DIR_DIGITS);
        Path target = root().resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                String existing = DataHash.of(target);
                if (!existing.equals(hash)) {
                    throw new IllegalStateException("the data folder " + target + " holds other data (hash " + existing
                            + ", expected " + hash + "); it was changed by hand: move it away and prepare again");
                }
                FileOps.deleteRecursively(prepared);
            } else {
                Files.move(prepared, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StoredData(hash, relative, files);
    }

    /** Removes a data folder that no version names any more (the earlier data of a version that was never offered). */
    public void discardIfUnused(String relativeDir) {
        if (relativeDir == null || QuarkusTransaction.requiringNew().call(
                () -> TaskVersion.count("dataDir", relativeDir) > 0)) {
            return;
        }
        Path dir = root().resolve(relativeDir).normalize();
        if (dir.startsWith(root().resolve("tasks"))) {
            FileOps.deleteRecursively(dir);
        }
    }

    /**
     * Records the data hash of every prepared version that has none (data prepared before data hashes existed), from
     * the inventory recorded when it was prepared, or from its files when none was recorded; the data stays where it
     * is.
     */
    public void backfillDataHashes() {
        // SQL, not HQL: startup's queries stay clear of the HQL parser's warm-up (see EpisodeRecovery.onStart)
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> TaskVersion.getEntityManager().createNativeQuery(
                "select id from task_version where data_hash is null and data_status = ?1 order by id", Long.class)
                .setParameter(1, DataStatus.READY.name()).getResultList());
        for (Long id : ids) {
            QuarkusTransaction.requiringNew().run(() -> {
                TaskVersion v = TaskVersion.findById(id);
                Path dir = legacyDir(v.task.slug, v.contentHash);
                String relative = root().relativize(dir).toString().replace('\\', '/');
                if (v.dataFiles != null && !v.dataFiles.isEmpty()) {
                    v.backfillDataHash(DataHash.of(v.dataFiles), relative);
                } else if (Files.isDirectory(dir)) {
                    v.backfillDataHash(DataHash.of(dir), relative);
                } else {
                    Log.warnf("task %s v%d is prepared but its data folder %s is missing: no data hash", v.task.slug,
                            v.number, dir);
                    return;
                }
                Log.infof("task %s v%d: data hash %s recorded (data prepared before data hashes)", v.task.slug,
                        v.number, v.dataHash);
            });
        }
    }

    /**
     * Prepares every current version that can be prepared here (generated data, or data placed by hand in its legacy
     * folder), and regenerates the data of a prepared generated version when its folder is missing or no longer holds
     * the recorded data hash. Intact data is left alone, and versions with nothing to do cost no transaction: what
     * this needs of every current version is one query.
     */
    public void prepareAvailable() {
        List<Runnable> work = new ArrayList<>();
        for (DataState v : currentDataStates()) {
            if (v.dataStatus() != DataStatus.READY) {
                if (v.generated() || isComplete(legacyDir(v.slug(), v.contentHash()))) {
                    work.add(() -> prepare(v.id()));
                }
            } else if (v.generated() && v.dataHash() != null && v.dataDir() != null) {
                Path dir = root().resolve(v.dataDir()).normalize();
                work.add(() -> {
                    if (!holds(dir, v.dataHash())) {
                        regenerate(v, dir);
                    }
                });
            }
        }
        // versions are independent (each has its own folders and transactions): all cores work on them
        work.parallelStream().forEach(Runnable::run);
    }

    /** What startup needs to know of a current version's data (its definition is not loaded). */
    record DataState(long id, String slug, int number, String contentHash, boolean generated, DataStatus dataStatus,
            String dataHash, String dataDir) {
    }

    @Transactional
    List<DataState> currentDataStates() {
        // SQL, not HQL: startup's queries stay clear of the HQL parser's warm-up (see EpisodeRecovery.onStart)
        @SuppressWarnings("unchecked")
        List<Object[]> rows = TaskVersion.getEntityManager().createNativeQuery("select v.id, t.slug, v.number, "
                + "v.content_hash, v.data_source, v.data_status, v.data_hash, v.data_dir from task t "
                + "join task_version v on v.id = t.current_version_id where v.status <> ?1 order by t.slug")
                .setParameter(1, TaskStatus.RETIRED.name()).getResultList();
        return rows.stream().map(r -> new DataState(((Number) r[0]).longValue(), (String) r[1],
                ((Number) r[2]).intValue(), (String) r[3], "generator".equals(r[4]), DataStatus.valueOf((String) r[5]),
                (String) r[6], (String) r[7])).toList();
    }

    /** Whether {@code dir} holds exactly the data of {@code dataHash} (generated data is small: every byte is read). */
    static boolean holds(Path dir, String dataHash) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            return DataHash.of(dir).equals(dataHash);
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /**
     * Generates a prepared version's data again into a staging folder and, when it is the recorded data (same data
     * hash: generators are deterministic), puts it in place of the missing or damaged folder by renames. Data that
     * comes out different (the generator changed since) is not put in place: the version's data is immutable.
     */
    void regenerate(DataState v, Path dir) {
        Log.warnf("task %s v%d: its data in %s is missing or damaged: generating it again", v.slug(), v.number(), dir);
        TaskDefinition definition = snapshot(v.id()).definition();
        Path staging = staging(v.slug());
        try {
            generate(definition, staging);
            ensureSplit(definition, staging);
            String hash = DataHash.of(staging);
            if (!hash.equals(v.dataHash())) {
                Log.errorf("task %s v%d: its generator now makes other data (hash %s, recorded %s), so its data cannot "
                        + "be restored; a new version needs new data", v.slug(), v.number(), hash, v.dataHash());
                return;
            }
            replace(dir, staging, hash);
            Log.infof("task %s v%d: data regenerated in %s (data hash %s)", v.slug(), v.number(), dir, hash);
        } catch (RuntimeException e) {
            Log.errorf(e, "regenerating the data of task %s v%d failed", v.slug(), v.number());
        } finally {
            FileOps.deleteRecursively(staging);
        }
    }

    /**
     * Puts complete data where a damaged or missing folder was: the damaged folder is renamed aside, the complete one
     * renamed into place. Another replica doing the same at once is fine: whichever rename wins, the folder ends up
     * holding the same bytes.
     */
    private static void replace(Path dir, Path complete, String hash) {
        try {
            Files.createDirectories(dir.getParent());
            if (Files.exists(dir)) {
                Path aside = dir.resolveSibling(".damaged-" + UUID.randomUUID());
                Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                FileOps.deleteRecursively(aside);
            }
            Files.move(complete, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!holds(dir, hash)) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Prepares one version when its source allows it: data an admin placed in its legacy folder is adopted (moved to
     * its data-addressed folder, or used where it is when another version already uses that folder), generated data
     * is generated into a staging folder; failures are recorded on the version, never thrown.
     */
    public void prepare(long versionId) {
        Snapshot s = snapshot(versionId);
        Path placed = legacyDir(s.slug, s.definition.contentHash());
        try {
            StoredData stored;
            if (isComplete(placed)) {
                String relative = root().relativize(placed).toString().replace('\\', '/');
                boolean inUse = QuarkusTransaction.requiringNew().call(() -> TaskVersion.count("dataDir", relative) > 0);
                if (inUse) {
                    List<DataFile> files = inventory(placed);
                    stored = new StoredData(DataHash.of(files), relative, files);
                } else {
                    ensureSplit(s.definition, placed);
                    stored = store(s.slug, placed);
                }
            } else if (s.definition.data().generated()) {
                markPreparing(versionId);
                Path staging = staging(s.slug);
                try {
                    generate(s.definition, staging);
                    ensureSplit(s.definition, staging);
                    stored = store(s.slug, staging);
                } finally {
                    FileOps.deleteRecursively(staging);
                }
            } else {
                return; // kaggle/local data is imported by an admin (or placed by hand)
            }
            markPrepared(versionId, stored);
            Log.infof("task %s v%d prepared: %d files, data hash %s", s.slug, s.number, stored.files().size(),
                    stored.dataHash());
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

    /**
     * Records prepared data on a version. The row is locked first: another replica may have prepared the same version
     * at the same time, and data that is already recorded (the same hash, generators being deterministic) is kept.
     */
    @Transactional
    void markPrepared(long versionId, StoredData stored) {
        TaskVersion v = TaskVersion.findById(versionId, LockModeType.PESSIMISTIC_WRITE);
        if (v.dataStatus == DataStatus.READY && stored.dataHash().equals(v.dataHash)) {
            return;
        }
        v.prepared(stored);
    }

    /** Records a failed preparation, unless the version got its data meanwhile (from another replica). */
    @Transactional
    void markFailed(long versionId, String error) {
        TaskVersion v = TaskVersion.findById(versionId, LockModeType.PESSIMISTIC_WRITE);
        if (v.dataStatus == DataStatus.READY) {
            Log.warnf("task %s v%d: a preparation failed (%s) but the version has its data already", v.task.slug,
                    v.number, error);
            return;
        }
        v.preparationFailed(error);
    }

    private static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve(ANSWERS)) && Files.isRegularFile(dir.resolve("public/sample_submission.csv"));
    }

    /** Generates into {@code dir} (a staging folder that does not exist yet). */
    private void generate(TaskDefinition d, Path dir) {
        String id = d.data().setting("generator");
        DataGenerator generator = generators.stream().filter(g -> g.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no data generator with id '" + id + "'"));
        try {
            Files.createDirectories(dir.resolve("public"));
            Files.createDirectories(dir.resolve("private"));
            generator.generate(new MetricParams(d.data().settings()), dir.resolve("public"), dir.resolve("private"));
            Files.writeString(dir.resolve("public/description.md"), d.description());
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
     * the version's own {@code public/} only: {@code ..}, absolute paths and anything under {@code private/} never
     * resolve.
     */
    public Optional<Path> publicFile(VersionRef version, String relative) {
        Path publicDir = dataDir(version).resolve("public").normalize();
        if (relative == null || relative.isBlank() || relative.startsWith("/") || relative.contains("\\")) {
            return Optional.empty();
        }
        Path file = publicDir.resolve(relative).normalize();
        if (!file.startsWith(publicDir) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /**
     * The hidden answers of a prepared version and the part of each id, read from the version's own data folder and
     * cached by its data hash (data prepared before data hashes and not yet backfilled: by its folder).
     */
    public Answers answers(VersionRef version) {
        Path dir = dataDir(version);
        String key = version.dataHash() != null ? version.dataHash() : "folder:" + dir;
        return answersCache.get(key, k -> {
            Table table = CsvTables.read(dir.resolve(ANSWERS));
            Table split = CsvTables.read(dir.resolve(SPLIT));
            return Answers.withSplit(table, split, version.dataHash());
        });
    }
}
