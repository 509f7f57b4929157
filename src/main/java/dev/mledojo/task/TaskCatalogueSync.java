package dev.mledojo.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mledojo.db.AdvisoryLock;
import dev.mledojo.metric.MetricRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Brings the catalogue in the database in line with the task folders: a new content hash makes a new version, an
 * unchanged folder changes nothing, a broken folder is recorded with its problem and never stops startup.
 *
 * <p>A folder whose content hash is that of the version its task offers (and whose task is not marked invalid) is
 * skipped without parsing and without a transaction: what the catalogue holds for it is one query read up front. The
 * hashing and parsing of the folders run on all cores (they are pure). Tasks the catalogue has never seen (a first
 * start) are inserted in batches, every other changed folder in its own transaction; either way under a PostgreSQL
 * advisory lock per task, so that replicas starting together serialise per task instead of colliding on the task's or
 * version's unique keys.
 */
@ApplicationScoped
public class TaskCatalogueSync {

    /** The second key of the advisory lock per task (the first is the task's hashed slug). */
    private static final int LOCK_SPACE = 7413;
    /** New tasks inserted per transaction (and JDBC batch). */
    private static final int BATCH = 64;

    private final MetricRegistry metrics;

    public TaskCatalogueSync(MetricRegistry metrics) {
        this.metrics = metrics;
    }

    /** What one sync did; {@code unchanged} folders were skipped by their content hash. */
    public record Outcome(int folders, int newVersions, int invalid, int unchanged) {
    }

    /** What the catalogue holds for a task, as far as deciding whether its folder changed needs. */
    record Known(String contentHash, boolean invalid, String metricId, boolean higherIsBetter) {

        /** Whether the catalogue offers exactly this folder content already (a valid task, current version). */
        boolean offers(String hash) {
            return !invalid && hash.equals(contentHash);
        }
    }

    /** Syncs every folder under {@code tasksDir}. */
    public Outcome syncAll(Path tasksDir) {
        return syncAll(List.of(tasksDir));
    }

    /**
     * Syncs the folders under several directories; a folder overrides the folder of the same name in an earlier
     * directory (admins' folders override the repository's), so only the one that wins is synced.
     */
    public Outcome syncAll(List<Path> tasksDirs) {
        long started = System.nanoTime();
        Map<String, Path> folders = new TreeMap<>();
        for (Path dir : tasksDirs) {
            if (!Files.isDirectory(dir)) {
                Log.warnf("task folder %s does not exist: the catalogue stays as it is", dir.toAbsolutePath());
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                        .forEach(p -> folders.put(p.getFileName().toString(), p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (folders.isEmpty()) {
            return new Outcome(0, 0, 0, 0);
        }
        Map<String, Known> known = known();
        // pure work (reading, hashing, parsing) on all cores; the order of the results is the folders' order
        List<TaskParser.Result> changed = folders.values().parallelStream()
                .map(folder -> examine(folder, known.get(folder.getFileName().toString())))
                .filter(Objects::nonNull).toList();
        int created = 0;
        int invalid = 0;
        // valid folders of tasks the catalogue has never seen (a first start): inserted in batches
        List<TaskParser.Valid> fresh = changed.stream().filter(r -> !known.containsKey(r.id()))
                .filter(TaskParser.Valid.class::isInstance).map(TaskParser.Valid.class::cast).toList();
        java.util.Set<String> inserted = new java.util.HashSet<>();
        for (int from = 0; from < fresh.size(); from += BATCH) {
            inserted.addAll(createNew(fresh.subList(from, Math.min(fresh.size(), from + BATCH))));
        }
        created += inserted.size();
        for (TaskParser.Result result : changed) {
            if (inserted.contains(result.id())) {
                continue;
            }
            if (sync(result)) {
                created++;
            }
            if (result instanceof TaskParser.Invalid bad) {
                invalid++;
                Log.warnf("task %s is invalid: %s", bad.id(), bad.problem());
            }
        }
        int unchanged = folders.size() - changed.size();
        Log.infof("task catalogue: %d folders, %d unchanged, %d new versions, %d invalid (%d ms)", folders.size(),
                unchanged, created, invalid, (System.nanoTime() - started) / 1_000_000);
        return new Outcome(folders.size(), created, invalid, unchanged);
    }

    /** What the catalogue holds for every task, by slug (one query, no definitions loaded). */
    Map<String, Known> known() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = Task.getEntityManager().createNativeQuery("""
                    select t.slug, v.content_hash, t.problem_reason is not null, v.metric_id, v.higher_is_better
                    from task t left join task_version v on v.id = t.current_version_id""").getResultList();
            Map<String, Known> known = new HashMap<>(rows.size() * 2);
            for (Object[] r : rows) {
                known.put((String) r[0], new Known((String) r[1], (Boolean) r[2], (String) r[3],
                        r[4] != null && (Boolean) r[4]));
            }
            return known;
        });
    }

    /**
     * The parsed folder, or null when the catalogue offers it already: same content hash as the task's current
     * version, the task not invalid, and its direction still agreeing with its metric (the registry is code, so it
     * may have changed since the folder was synced).
     */
    private TaskParser.Result examine(Path folder, Known known) {
        String hash;
        try {
            hash = TaskParser.contentHash(folder);
        } catch (UncheckedIOException e) {
            return TaskParser.unreadable(folder, e);
        }
        if (known != null && known.offers(hash) && contradiction(known.metricId(), known.higherIsBetter()).isEmpty()) {
            return null;
        }
        TaskParser.Result result = TaskParser.parse(folder, hash);
        return result instanceof TaskParser.Valid valid ? checkAgainstRegistry(valid) : result;
    }

    /** Why a task's direction contradicts its metric's, if it does (an unknown metric contradicts nothing). */
    private Optional<String> contradiction(String metricId, boolean higherIsBetter) {
        return metrics.find(metricId).filter(m -> m.higherIsBetter() != higherIsBetter)
                .map(m -> "metric " + metricId + " is " + (m.higherIsBetter() ? "higher" : "lower")
                        + "-is-better but the task says " + higherIsBetter);
    }

    /** A task whose direction contradicts its metric would rank every score backwards: refuse it. */
    private TaskParser.Result checkAgainstRegistry(TaskParser.Valid valid) {
        TaskDefinition d = valid.definition();
        return contradiction(d.metricId(), d.higherIsBetter())
                .<TaskParser.Result>map(why -> new TaskParser.Invalid(d.id(), new TaskProblem("task.yaml",
                        "higher_is_better", why), d.contentHash()))
                .orElse(valid);
    }

    /**
     * Inserts new tasks with their first version in one transaction and a few batched statements: the advisory locks
     * of all of them are taken in one query (in slug order, as every replica takes them), and a task that another
     * replica created meanwhile is left out (for {@link #sync}, which adopts into it).
     *
     * @param batch valid definitions in slug order
     * @return the slugs inserted
     */
    @Transactional
    List<String> createNew(List<TaskParser.Valid> batch) {
        var em = Task.getEntityManager();
        String slugs = String.join(",", batch.stream().map(TaskParser.Valid::id).toList()); // ids have no commas
        // the same lock keys as sync(): hashtext('task:' || slug)
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext('task:' || s), ?2) "
                + "from unnest(string_to_array(?1, ',')) s) locked").setParameter(1, slugs).setParameter(2, LOCK_SPACE)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        java.util.Set<String> existing = new java.util.HashSet<>(em.createNativeQuery(
                "select slug from task where slug = any(string_to_array(?1, ','))").setParameter(1, slugs)
                .getResultList());
        List<TaskParser.Valid> absent = batch.stream().filter(v -> !existing.contains(v.id())).toList();
        em.unwrap(org.hibernate.Session.class).setJdbcBatchSize(BATCH);
        // all tasks, then all versions, then (at flush) all current-version updates: three batched statements
        List<Task> tasks = absent.stream().map(v -> Task.create(v.id())).toList();
        for (int i = 0; i < absent.size(); i++) {
            tasks.get(i).offerFirst(absent.get(i).definition());
        }
        return absent.stream().map(TaskParser.Valid::id).toList();
    }

    /** @return true when a new version was created */
    @Transactional
    public boolean sync(TaskParser.Result result) {
        // replicas syncing the same task wait for each other here, then see each other's rows
        AdvisoryLock.hold(Task.getEntityManager(), "task:" + result.id(), LOCK_SPACE);
        Optional<Task> found = Task.findBySlug(result.id());
        if (result instanceof TaskParser.Valid valid) {
            if (found.isEmpty()) {
                Task.create(result.id()).offerFirst(valid.definition()); // a new task: no version to look for
                return true;
            }
            return found.get().adopt(valid.definition());
        }
        Task task = found.orElseGet(() -> Task.create(result.id()));
        TaskParser.Invalid bad = (TaskParser.Invalid) result;
        task.markInvalid(bad.problem(), bad.contentHash());
        return false;
    }
}
