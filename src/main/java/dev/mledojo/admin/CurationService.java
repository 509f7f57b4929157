package dev.mledojo.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * never offered, else a new draft version (an offered version's data is immutable). One job per task at a time, run
 * off the request thread with its progress readable while it runs.
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
    private final Map<String, Job> running = new ConcurrentHashMap<>();

    public CurationService(TaskService tasks, TaskDataService data, TaskConfig taskConfig, MetricRegistry metrics,
            GradingConfig grading, CurationConfig config, CodeExecutor executor, SandboxConfig sandbox, AuditLog audit,
            SecretStore secrets) {
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
    }

    /**
     * A preparation job as the admin API shows it: the version it prepares (a new draft version when the task's
     * version is offered, whose data is immutable) and, once stored, the data hash of the prepared data.
     */
    public record Job(String task, int version, String state, String step, double fraction, String message,
            List<ReviewCheck> checks, String dataHash, Instant startedAt, Instant endedAt) {
        Job progress(String s, double f) {
            return new Job(task, version, state, s, f, message, checks, dataHash, startedAt, endedAt);
        }
    }

    @PreDestroy
    void stop() {
        jobs.shutdownNow();
    }

    public Job status(String slug) {
        Job job = running.get(slug);
        if (job == null) {
            throw DomainException.notFound("no-preparation", "No data import was started for '" + slug + "' since the platform started.");
        }
        return job;
    }

    /**
     * Extracts an uploaded archive now (a bad archive is refused here, with nothing written) and prepares it in the
     * background, into the version {@link #target} names.
     */
    public Job importArchive(String slug, Path upload, String admin) {
        reserve(slug, current(slug));
        try {
            Path raw = extract(slug, upload);
            Target target;
            try {
                target = target(slug, admin);
            } catch (RuntimeException e) {
                FileOps.deleteRecursively(raw);
                throw e;
            }
            return start(slug, target, raw, admin, "upload");
        } catch (RuntimeException e) {
            running.remove(slug);
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
        reserve(slug, current);
        Target target;
        try {
            target = target(slug, admin);
        } catch (RuntimeException e) {
            running.remove(slug);
            throw e;
        }
        Job job = begin(slug, target);
        jobs.submit(() -> {
            try {
                Path archive = importsDir().resolve(slug + "-" + System.currentTimeMillis() + ".zip");
                KaggleClient client = new KaggleClient(URI.create(config.kaggle().baseUrl()), credentials,
                        config.maxArchiveBytes(), java.time.Duration.ofMinutes(10));
                update(slug, "downloading", 0.0);
                client.download(competition, archive, p -> update(slug, "downloading: " + p.step(), p.fraction() * 0.3));
                Path raw = extract(slug, archive);
                Files.deleteIfExists(archive);
                prepareAndReview(slug, target.version(), raw, admin, "kaggle:" + competition);
            } catch (RuntimeException | IOException e) {
                fail(slug, target.version(), e);
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

    private void reserve(String slug, VersionRef version) {
        Job fresh = new Job(slug, version.number(), "running", "queued", 0, null, List.of(), null, Instant.now(), null);
        Job previous = running.putIfAbsent(slug, fresh);
        if (previous != null) {
            if (previous.state().equals("running")) {
                throw DomainException.conflict("preparation-running", "Task '" + slug + "' is already being prepared ("
                        + previous.step() + ").");
            }
            running.put(slug, fresh);
        }
    }

    /** The reserved job now names its target version and says what the import does to the offered one. */
    private Job begin(String slug, Target target) {
        int number = target.version().number();
        String message = number == target.offered() ? null : "Task " + slug + " v" + target.offered() + " is offered and "
                + "its data is immutable: this import prepares draft version v" + number + " (same definition, new "
                + "data); review it and activate it to offer it. Episodes and results of v" + target.offered()
                + " keep their data.";
        return running.computeIfPresent(slug, (k, j) -> new Job(slug, number, j.state(), j.step(), j.fraction(), message,
                j.checks(), null, j.startedAt(), j.endedAt()));
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

    private Job start(String slug, Target target, Path raw, String admin, String source) {
        Job job = begin(slug, target);
        jobs.submit(() -> {
            try {
                prepareAndReview(slug, target.version(), raw, admin, source);
            } catch (RuntimeException e) {
                fail(slug, target.version(), e);
            }
        });
        return job;
    }

    /**
     * Prepares into a staging folder, reviews there, then stores the data in its data-addressed folder and records
     * it on the version. A version that was never offered gets its new data (its earlier data folder goes when no
     * other version uses it); an offered version is never written to.
     */
    private void prepareAndReview(String slug, VersionRef version, Path raw, String admin, String source) {
        Path staging = data.staging(slug);
        try {
            Path taskFolder = Path.of(taskConfig.tasks().dir()).resolve(slug);
            new Preparer(executor, preparationLimits(sandbox.defaultLimits(), config.preparation())).prepare(raw, version.definition(),
                    Files.isDirectory(taskFolder) ? taskFolder : null, staging,
                    p -> update(slug, p.step(), 0.3 + 0.6 * p.fraction()));
            update(slug, "reviewing", 0.9);
            Metric metric = metrics.find(version.definition().metricId()).orElseThrow(() -> new IllegalStateException(
                    "metric " + version.definition().metricId() + " is not implemented: the data cannot be reviewed"));
            List<ReviewCheck> checks = new PreparationReview(new Grader(grading.maxBytes(), grading.csvLimits()))
                    .review(version.definition(), metric, staging);
            update(slug, "storing", 0.95);
            StoredData stored = data.store(slug, staging);
            String previous;
            try {
                previous = QuarkusTransaction.requiringNew().call(() -> {
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
            running.computeIfPresent(slug, (k, j) -> new Job(slug, j.version(), passed ? "reviewed" : "review-failed",
                    "done", 1.0, passed ? "Prepared and reviewed as v" + j.version() + " (data " + stored.dataHash()
                            .substring(0, 12) + "): activate it to offer it."
                            : "Prepared, but the review failed: fix the recipe or the data and import again.",
                    checks, stored.dataHash(), j.startedAt(), Instant.now()));
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

    private void update(String slug, String step, double fraction) {
        running.computeIfPresent(slug, (k, j) -> j.progress(step, Math.max(j.fraction(), fraction)));
    }

    /** The job failed; a version without ready data records why (one with ready data keeps it). */
    private void fail(String slug, VersionRef version, Exception e) {
        Log.warnf("data import for %s failed: %s", slug, e.getMessage());
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                TaskVersion v = TaskVersion.findById(version.id());
                if (v != null && v.dataStatus != dev.mledojo.task.DataStatus.READY && !v.dataFrozen()) {
                    v.preparationFailed(why);
                }
            });
        } catch (RuntimeException ignored) {
            Log.warnf("could not record the failed import on %s v%d", slug, version.number());
        }
        running.computeIfPresent(slug, (k, j) -> new Job(slug, j.version(), "failed", j.step(), j.fraction(),
                why, List.of(), null, j.startedAt(), Instant.now()));
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
