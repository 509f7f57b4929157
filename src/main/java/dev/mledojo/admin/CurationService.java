package dev.mledojo.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.error.DomainException;
import dev.mledojo.files.FileOps;
import dev.mledojo.grading.Grader;
import dev.mledojo.grading.GradingConfig;
import dev.mledojo.grading.PreparationReview;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricRegistry;
import dev.mledojo.sandbox.CodeExecutor;
import dev.mledojo.sandbox.SandboxConfig;
import dev.mledojo.sandbox.SandboxLimits;
import dev.mledojo.scheduling.PlatformInstance;
import dev.mledojo.scheduling.SchedulingConfig;
import dev.mledojo.secret.SecretStore;
import dev.mledojo.task.ReviewCheck;
import dev.mledojo.task.StoredData;
import dev.mledojo.task.Task;
import dev.mledojo.task.TaskConfig;
import dev.mledojo.task.TaskDataService;
import dev.mledojo.task.TaskService.VersionRef;
import dev.mledojo.task.TaskService;
import dev.mledojo.task.TaskVersion;
import dev.mledojo.task.prepare.ArchiveExtractor;
import dev.mledojo.task.prepare.ArchiveLimits;
import dev.mledojo.task.prepare.KaggleClient;
import dev.mledojo.task.prepare.KaggleCredentials;
import dev.mledojo.task.prepare.Preparer;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Imports a task's raw data (an uploaded archive or Kaggle's competition download), prepares it with the task's
 * declarative recipe, reviews it, stores it data-addressed and records it on a version: the current one while it was
 * never offered, else a new draft version (an offered version's data is immutable). One job per task at a time on
 * all replicas, run off the request thread; the job lives in the database ({@link TaskPreparation}), so any replica
 * shows its progress and pushes it to viewers.
 */
@ApplicationScoped
public class CurationService {

    private final TaskService tasks;
    private final TaskDataService data;
    private final TaskConfig taskConfig;
    private final MetricRegistry metrics;
    private final GradingConfig grading;
    private final CurationConfig config;
    private final CodeExecutor executor;
    private final SandboxConfig sandbox;
    private final AuditLog audit;
    private final SecretStore secrets;
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dojo-curation");
        t.setDaemon(true);
        return t;
    });
    /** Renews the leases of this replica's running imports every third of a lease. */
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dojo-curation-lease");
        t.setDaemon(true);
        return t;
    });
    /** The imports this replica runs (for the heartbeat), each with the progress it last wrote. */
    private final Map<Running, Written> mine = new ConcurrentHashMap<>();
    private final PlatformInstance instance;
    private final Duration lease;
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(250);

    public CurationService(TaskService tasks, TaskDataService data, TaskConfig taskConfig, MetricRegistry metrics,
            GradingConfig grading, CurationConfig config, CodeExecutor executor, SandboxConfig sandbox, AuditLog audit,
            SecretStore secrets, PlatformInstance instance, SchedulingConfig scheduling) {
        this.instance = instance;
        this.lease = scheduling.lease();
        this.tasks = tasks;
        this.data = data;
        this.taskConfig = taskConfig;
        this.metrics = metrics;
        this.grading = grading;
        this.config = config;
        this.executor = executor;
        this.sandbox = sandbox;
        this.audit = audit;
        this.secrets = secrets;
        long every = Math.max(1, lease.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /** An import this replica runs: its task and when it was reserved (which tells it from a later import). */
    record Running(String slug, Instant startedAt) {
    }

    /** The step an import last wrote, and when. */
    private record Written(String step, Instant at) {
    }

    /**
     * A preparation job as the admin API shows it: the version it prepares (a new draft version when the task's
     * version is offered, whose data is immutable) and, once stored, the data hash of the prepared data.
     */
    public record Job(String task, int version, String state, String step, double fraction, String message,
            List<ReviewCheck> checks, String dataHash, Instant startedAt, Instant endedAt) {
    }

    @PreDestroy
    void stop() {
        heartbeat.shutdownNow();
        jobs.shutdownNow();
    }

    /** The task's latest data import, whichever replica runs or ran it. */
    public Job status(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TaskPreparation p = TaskPreparation.findById(slug);
            if (p == null) {
                throw DomainException.notFound("no-preparation", "No data import was started for '" + slug + "'.");
            }
            return p.job(Instant.now());
        });
    }

    /**
     * Extracts an uploaded archive now (a bad archive is refused here, with nothing written) and prepares it in the
     * background, into the version {@link #target} names.
     */
    public Job importArchive(String slug, Path upload, String admin) {
        Running job = reserve(slug, current(slug));
        try {
            Path raw = extract(slug, upload);
            Target target;
            try {
                target = target(slug, admin);
            } catch (RuntimeException e) {
                FileOps.deleteRecursively(raw);
                throw e;
            }
            return start(job, target, raw, admin, "upload");
        } catch (RuntimeException e) {
            forget(job);
            throw e;
        }
    }

    /** Downloads the competition archive from Kaggle and prepares it, all in the background. */
    public Job importFromKaggle(String slug, String admin) {
        VersionRef current = current(slug);
        String competition = current.definition().data().setting("competition");
        if (competition == null) {
            throw DomainException.invalid("not-a-kaggle-task", "Task '" + slug + "' names no data.competition.");
        }
        KaggleCredentials credentials = kaggleCredentials().orElseThrow(() -> DomainException.conflict(
                "kaggle-not-configured", "No Kaggle account is set: an admin sets it with PUT /api/v1/admin/kaggle "
                        + "(stored encrypted), or the operator sets DOJO_CURATION_KAGGLE_USERNAME and _KEY."));
        Running running = reserve(slug, current);
        Target target;
        try {
            target = target(slug, admin);
        } catch (RuntimeException e) {
            forget(running);
            throw e;
        }
        Job job = begin(running, target);
        jobs.submit(() -> {
            try {
                Path archive = importsDir().resolve(slug + "-" + System.currentTimeMillis() + ".zip");
                KaggleClient client = new KaggleClient(URI.create(config.kaggle().baseUrl()), credentials,
                        config.maxArchiveBytes(), java.time.Duration.ofMinutes(10));
                update(running, "downloading", 0.0);
                client.download(competition, archive,
                        p -> update(running, "downloading: " + p.step(), p.fraction() * 0.3));
                Path raw = extract(slug, archive);
                Files.deleteIfExists(archive);
                prepareAndReview(running, target.version(), raw, admin, "kaggle:" + competition);
            } catch (RuntimeException | IOException e) {
                fail(running, target.version(), e);
            }
        });
        return job;
    }

    /** The version an import prepares, and whether it was made for this import. */
    record Target(VersionRef version, boolean created, int offered) {
    }

    /**
     * The version an import writes to ({@link Task#versionForImport}): the current version while it was never
     * offered, else a new draft version of the same definition (audited), so that an offered version's data, which
     * episodes and results name, never changes.
     */
    private Target target(String slug, String admin) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Task task = Task.findBySlug(slug)
                    .orElseThrow(() -> DomainException.notFound("unknown-task", "There is no task '" + slug + "'."));
            int offered = task.currentVersion.number;
            Task.ImportTarget t = task.versionForImport();
            if (t.created()) {
                audit.record(admin, "task.version.create", "task:" + slug + "@v" + t.version().number,
                        Map.of("version", offered, "status", task.currentVersion.status.wireName()),
                        Map.of("version", t.version().number, "status", "draft", "reason",
                                "data import on an offered version: its data is immutable"));
            }
            return new Target(tasks.version(t.version().id).orElseThrow(), t.created(), offered);
        });
    }

    /** The operator's account (env) if set, else the one an admin stored. */
    private java.util.Optional<KaggleCredentials> kaggleCredentials() {
        if (config.kaggle().username().isPresent() && config.kaggle().key().isPresent()) {
            return java.util.Optional.of(new KaggleCredentials(config.kaggle().username().get(), config.kaggle().key().get()));
        }
        return secrets.get(KaggleCredentialsResource.KEY).flatMap(key -> secrets.get(KaggleCredentialsResource.USERNAME)
                .map(user -> new KaggleCredentials(user, key)));
    }

    private VersionRef current(String slug) {
        return tasks.currentVersion(slug)
                .orElseThrow(() -> DomainException.notFound("unknown-task", "There is no task '" + slug + "'."));
    }

    /** Reserves the task for an import on this replica (409 while one runs on any replica). */
    private Running reserve(String slug, VersionRef version) {
        Instant started = QuarkusTransaction.requiringNew().call(() -> TaskPreparation.reserve(slug, version.number(),
                instance.id(), lease).startedAt);
        Running job = new Running(slug, started);
        mine.put(job, new Written("", Instant.EPOCH));
        return job;
    }

    /** An import refused before it began leaves no job behind. */
    private void forget(Running job) {
        mine.remove(job);
        QuarkusTransaction.requiringNew().run(() -> TaskPreparation.delete("taskSlug = ?1 and startedAt = ?2",
                job.slug(), job.startedAt()));
    }

    /** The reserved job now names its target version and says what the import does to the offered one. */
    private Job begin(Running job, Target target) {
        int number = target.version().number();
        String slug = job.slug();
        String message = number == target.offered() ? null : "Task " + slug + " v" + target.offered() + " is offered and "
                + "its data is immutable: this import prepares draft version v" + number + " (same definition, new "
                + "data); review it and activate it to offer it. Episodes and results of v" + target.offered()
                + " keep their data.";
        return QuarkusTransaction.requiringNew().call(() -> {
            TaskPreparation p = own(job);
            if (p != null) {
                p.version = number;
                p.message = message;
            }
            return p == null ? null : p.job(Instant.now());
        });
    }

    /**
     * Whether the job is still the task's import, checked under the task's import lock (in the caller's transaction):
     * no other import can take it over before that transaction ends. One that was taken over (its lease ran out, and
     * another import replaced it) must record nothing.
     */
    private static boolean stillTheImport(Running job) {
        TaskPreparation current = TaskPreparation.locked(job.slug());
        return current != null && current.startedAt.equals(job.startedAt());
    }

    /** Whether this replica runs an import of the task now. */
    boolean runs(String slug) {
        return mine.keySet().stream().anyMatch(r -> r.slug().equals(slug));
    }

    /** The job's row while it is still this import's (a later import that took over a stale job replaced it). */
    private static TaskPreparation own(Running job) {
        TaskPreparation p = TaskPreparation.findById(job.slug());
        return p != null && p.startedAt.equals(job.startedAt()) ? p : null;
    }

    private Path extract(String slug, Path archive) {
        ArchiveLimits limits = new ArchiveLimits(config.maxArchiveBytes(), config.maxArchiveEntries(),
                config.maxArchiveBytes(), config.maxCompressionRatio());
        Path target = importsDir().resolve(slug + "-raw-" + System.nanoTime());
        try {
            return new ArchiveExtractor(limits).extract(archive, target, true).directory();
        } catch (dev.mledojo.task.prepare.ArchiveRejectedException e) {
            throw DomainException.invalid("archive-rejected", e.getMessage()).titled("Archive rejected")
                    .with("reason", e.reason().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private Job start(Running running, Target target, Path raw, String admin, String source) {
        Job job = begin(running, target);
        jobs.submit(() -> {
            try {
                prepareAndReview(running, target.version(), raw, admin, source);
            } catch (RuntimeException e) {
                fail(running, target.version(), e);
            }
        });
        return job;
    }

    /**
     * Prepares into a staging folder, reviews there, then stores the data in its data-addressed folder and records
     * it on the version. A version that was never offered gets its new data (its earlier data folder goes when no
     * other version uses it); an offered version is never written to.
     */
    private void prepareAndReview(Running job, VersionRef version, Path raw, String admin, String source) {
        String slug = job.slug();
        Path staging = data.staging(slug);
        try {
            Path taskFolder = Path.of(taskConfig.tasks().dir()).resolve(slug);
            new Preparer(executor, preparationLimits(sandbox.defaultLimits(), config.preparation())).prepare(raw, version.definition(),
                    Files.isDirectory(taskFolder) ? taskFolder : null, staging,
                    p -> update(job, p.step(), 0.3 + 0.6 * p.fraction()));
            update(job, "reviewing", 0.9);
            Metric metric = metrics.find(version.definition().metricId()).orElseThrow(() -> new IllegalStateException(
                    "metric " + version.definition().metricId() + " is not implemented: the data cannot be reviewed"));
            List<ReviewCheck> checks = new PreparationReview(new Grader(grading.maxBytes(), grading.csvLimits()))
                    .review(version.definition(), metric, staging);
            update(job, "storing", 0.95);
            StoredData stored = data.store(slug, staging);
            String previous;
            try {
                previous = QuarkusTransaction.requiringNew().call(() -> {
                    if (!stillTheImport(job)) {
                        // this replica's lease ran out meanwhile and another import took the task over
                        throw DomainException.conflict("preparation-replaced", "Another import of task '" + slug
                                + "' replaced this one; its data was not recorded.");
                    }
                    TaskVersion v = TaskVersion.findById(version.id());
                    if (v.dataFrozen()) {
                        throw DomainException.conflict("version-offered", "Task '" + slug + "' v" + v.number
                                + " was activated while its data was imported; import again to make a new version.");
                    }
                    String before = v.dataStatus.wireName();
                    String earlier = v.dataDir;
                    v.importedData(stored, checks, admin);
                    audit.record(admin, "task.data.import", "task:" + slug + "@v" + version.number(),
                            Map.of("dataStatus", before), Map.of("dataStatus", "ready", "source", source, "files",
                                    stored.files().size(), "dataHash", stored.dataHash(), "reviewPassed",
                                    PreparationReview.allPassed(checks)));
                    return earlier;
                });
            } catch (RuntimeException e) {
                data.discardIfUnused(stored.dir());
                throw e;
            }
            if (previous != null && !previous.equals(stored.dir())) {
                data.discardIfUnused(previous);
            }
            boolean passed = PreparationReview.allPassed(checks);
            end(job, p -> {
                p.state = passed ? "reviewed" : "review-failed";
                p.step = "done";
                p.fraction = 1.0;
                p.message = passed ? "Prepared and reviewed as v" + p.version + " (data "
                        + stored.dataHash().substring(0, 12) + "): activate it to offer it."
                        : "Prepared, but the review failed: fix the recipe or the data and import again.";
                p.checks = checks;
                p.dataHash = stored.dataHash();
            });
        } finally {
            for (Path p : List.of(raw, staging)) {
                try {
                    FileOps.deleteRecursively(p);
                } catch (UncheckedIOException e) {
                    Log.warnf("could not remove the import folder %s: %s", p, e.getMessage());
                }
            }
        }
    }

    /** An agent's sandbox limits, widened to the curation's preparation limits (time, memory, files, workspace). */
    static SandboxLimits preparationLimits(SandboxLimits base, CurationConfig.Preparation p) {
        return base.withWallTime(p.wallTime()).withCpuTime(p.cpuTime()).withMemoryBytes(p.memoryBytes())
                .withMaxFileBytes(p.maxFileBytes()).withMaxWorkspaceBytes(p.workspaceBytes())
                .withMaxWorkspaceEntries(p.workspaceEntries());
    }

    /**
     * Records the job's progress: a new step at once, the fraction of a step at most every {@link #PROGRESS_EVERY}
     * (a download reports every chunk).
     */
    private void update(Running job, String step, double fraction) {
        Instant now = Instant.now();
        Written last = mine.get(job);
        if (last == null || (step.equals(last.step()) && now.isBefore(last.at().plus(PROGRESS_EVERY)))) {
            return; // not (or no longer) an import of this replica, or the same step written a moment ago
        }
        mine.put(job, new Written(step, now));
        QuarkusTransaction.requiringNew().run(() -> TaskPreparation.update(
                "step = ?1, fraction = greatest(fraction, ?2) where taskSlug = ?3 and startedAt = ?4 and state = ?5",
                step, fraction, job.slug(), job.startedAt(), TaskPreparation.RUNNING));
    }

    /** Ends the job (if it is still this import's), as {@code outcome} sets it. */
    private void end(Running job, java.util.function.Consumer<TaskPreparation> outcome) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                TaskPreparation p = own(job);
                if (p != null) {
                    outcome.accept(p);
                    p.endedAt = Instant.now();
                }
            });
        } finally {
            mine.remove(job);
        }
    }

    private void renewLeases() {
        if (mine.isEmpty()) {
            return;
        }
        try {
            // the imports this process runs, each by its start: not the rows a previous process of this replica left
            QuarkusTransaction.requiringNew().run(() -> {
                Instant until = Instant.now().plus(lease);
                mine.keySet().forEach(job -> TaskPreparation.renew(job.slug(), job.startedAt(), until));
            });
        } catch (RuntimeException e) {
            Log.warnf("could not renew the leases of this replica's data imports: %s", e.getMessage());
        }
    }

    /** The job failed; a version without ready data records why (one with ready data keeps it). */
    private void fail(Running job, VersionRef version, Exception e) {
        String slug = job.slug();
        Log.warnf("data import for %s failed: %s", slug, e.getMessage());
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!stillTheImport(job)) {
                    return; // replaced by another import, which owns the version's data now
                }
                TaskVersion v = TaskVersion.findById(version.id());
                if (v != null && v.dataStatus != dev.mledojo.task.DataStatus.READY && !v.dataFrozen()) {
                    v.preparationFailed(why);
                }
            });
        } catch (RuntimeException ignored) {
            Log.warnf("could not record the failed import on %s v%d", slug, version.number());
        }
        end(job, p -> {
            p.state = "failed";
            p.message = why;
            p.checks = List.of();
            p.dataHash = null;
        });
    }

    private Path importsDir() {
        Path dir = Path.of(taskConfig.dataDir()).toAbsolutePath().resolve("imports");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

}
