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
import dev.mledojo.secret.SecretStore;
import dev.mledojo.task.DataFile;
import dev.mledojo.task.ReviewCheck;
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
 * declarative recipe, reviews it, and records the result on the task's current version; one job per task at a time,
 * run off the request thread with its progress readable while it runs.
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

    /** A preparation job as the admin API shows it. */
    public record Job(String task, int version, String state, String step, double fraction, String message,
            List<ReviewCheck> checks, Instant startedAt, Instant endedAt) {
        Job progress(String s, double f) {
            return new Job(task, version, state, s, f, message, checks, startedAt, endedAt);
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
     * background.
     */
    public Job importArchive(String slug, Path upload, String admin) {
        VersionRef version = current(slug);
        reserve(slug, version);
        Path raw;
        try {
            raw = extract(slug, upload);
        } catch (RuntimeException e) {
            running.remove(slug);
            throw e;
        }
        return start(slug, version, raw, admin, "upload");
    }

    /** Downloads the competition archive from Kaggle and prepares it, all in the background. */
    public Job importFromKaggle(String slug, String admin) {
        VersionRef version = current(slug);
        String competition = version.definition().data().setting("competition");
        if (competition == null) {
            throw DomainException.invalid("not-a-kaggle-task", "Task '" + slug + "' names no data.competition.");
        }
        KaggleCredentials credentials = kaggleCredentials().orElseThrow(() -> DomainException.conflict(
                "kaggle-not-configured", "No Kaggle account is set: an admin sets it with PUT /api/v1/admin/kaggle "
                        + "(stored encrypted), or the operator sets DOJO_CURATION_KAGGLE_USERNAME and _KEY."));
        reserve(slug, version);
        Job job = running.get(slug);
        jobs.submit(() -> {
            try {
                Path archive = importsDir().resolve(slug + "-" + System.currentTimeMillis() + ".zip");
                KaggleClient client = new KaggleClient(URI.create(config.kaggle().baseUrl()), credentials,
                        config.maxArchiveBytes(), java.time.Duration.ofMinutes(10));
                update(slug, "downloading", 0.0);
                client.download(competition, archive, p -> update(slug, "downloading: " + p.step(), p.fraction() * 0.3));
                Path raw = extract(slug, archive);
                Files.deleteIfExists(archive);
                prepareAndReview(slug, version, raw, admin, "kaggle:" + competition);
            } catch (RuntimeException | IOException e) {
                fail(slug, e);
            }
        });
        return job;
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
        Job fresh = new Job(slug, version.number(), "running", "queued", 0, null, List.of(), Instant.now(), null);
        Job previous = running.putIfAbsent(slug, fresh);
        if (previous != null) {
            if (previous.state().equals("running")) {
                throw DomainException.conflict("preparation-running", "Task '" + slug + "' is already being prepared ("
                        + previous.step() + ").");
            }
            running.put(slug, fresh);
        }
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

    private Job start(String slug, VersionRef version, Path raw, String admin, String source) {
        jobs.submit(() -> {
            try {
                prepareAndReview(slug, version, raw, admin, source);
            } catch (RuntimeException e) {
                fail(slug, e);
            }
        });
        return running.get(slug);
    }

    private void prepareAndReview(String slug, VersionRef version, Path raw, String admin, String source) {
        Path out = data.versionDir(slug, version.definition().contentHash());
        try {
            FileOps.deleteRecursively(out);
            Path taskFolder = Path.of(taskConfig.tasks().dir()).resolve(slug);
            new Preparer(executor, sandbox.defaultLimits()).prepare(raw, version.definition(),
                    Files.isDirectory(taskFolder) ? taskFolder : null, out,
                    p -> update(slug, p.step(), 0.3 + 0.6 * p.fraction()));
            update(slug, "reviewing", 0.9);
            Metric metric = metrics.find(version.definition().metricId()).orElseThrow(() -> new IllegalStateException(
                    "metric " + version.definition().metricId() + " is not implemented: the data cannot be reviewed"));
            List<ReviewCheck> checks = new PreparationReview(new Grader(grading.maxBytes(), grading.csvLimits()))
                    .review(version.definition(), metric, out);
            List<DataFile> files = TaskDataService.inventory(out);
            QuarkusTransaction.requiringNew().run(() -> {
                TaskVersion v = TaskVersion.findById(version.id());
                String before = v.dataStatus.wireName();
                v.importedData(files, checks, admin);
                audit.record(admin, "task.data.import", "task:" + slug + "@v" + version.number(),
                        Map.of("dataStatus", before), Map.of("dataStatus", "ready", "source", source, "files", files.size(),
                                "reviewPassed", PreparationReview.allPassed(checks)));
            });
            boolean passed = PreparationReview.allPassed(checks);
            running.computeIfPresent(slug, (k, j) -> new Job(slug, j.version(), passed ? "reviewed" : "review-failed",
                    "done", 1.0, passed ? "Prepared and reviewed: activate it to offer it."
                            : "Prepared, but the review failed: fix the recipe or the data and import again.",
                    checks, j.startedAt(), Instant.now()));
        } finally {
            try {
                FileOps.deleteRecursively(raw);
            } catch (UncheckedIOException e) {
                Log.warnf("could not remove the import folder %s: %s", raw, e.getMessage());
            }
        }
    }

    private void update(String slug, String step, double fraction) {
        running.computeIfPresent(slug, (k, j) -> j.progress(step, Math.max(j.fraction(), fraction)));
    }

    private void fail(String slug, Exception e) {
        Log.warnf("data import for %s failed: %s", slug, e.getMessage());
        running.computeIfPresent(slug, (k, j) -> new Job(slug, j.version(), "failed", j.step(), j.fraction(),
                e.getMessage(), List.of(), j.startedAt(), Instant.now()));
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
