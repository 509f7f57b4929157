package dev.mledojo.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.error.DomainException;
import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.Metric;
import dev.mledojo.metric.MetricRegistry;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.task.Answers;
import dev.mledojo.task.TaskDataService;
import dev.mledojo.task.TaskService.VersionRef;
import dev.mledojo.task.TaskService;
import io.micrometer.core.annotation.Timed;

/** Grades a submission file for the current version of a task, on the trusted side. */
@ApplicationScoped
public class GradingService {

    private final TaskService tasks;
    private final TaskDataService data;
    private final MetricRegistry metrics;
    private final GradingConfig config;
    private final IntegrityConfig integrity;

    public GradingService(TaskService tasks, TaskDataService data, MetricRegistry metrics, GradingConfig config,
            IntegrityConfig integrity) {
        this.tasks = tasks;
        this.data = data;
        this.metrics = metrics;
        this.config = config;
        this.integrity = integrity;
    }

    /**
     * @throws DomainException (not found: unknown task, 409 task not ready or metric unavailable)
     * @throws InvalidSubmissionException for a malformed file
     */
    @Timed(value = "dojo.grading", description = "time to validate and score one submission")
    public GradeReport grade(String slug, Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_FILE,
                    "No submission file was sent: upload it as the multipart field 'file'.");
        }
        VersionRef version = tasks.currentVersion(slug)
                .orElseThrow(() -> DomainException.notFound("unknown-task", "There is no task '" + slug + "'."));
        if (!version.ready()) {
            throw DomainException.conflict("task-not-ready", "Task '" + slug + "' cannot grade yet: its data is not prepared"
                    + " (status " + version.status().wireName() + ").");
        }
        return grade(version, file, integrity.feedback());
    }

    /** Whether submissions for this version can be graded here (data ready, metric implemented). */
    public boolean canGrade(VersionRef version) {
        return version.ready() && metrics.find(version.definition().metricId()).isPresent();
    }

    /**
     * Grades a file for a known, ready version (used by episodes).
     *
     * @throws InvalidSubmissionException for a malformed file
     * @throws dev.mledojo.metric.ScoringException when the metric cannot evaluate it
     */
    public GradeReport grade(VersionRef version, Path file, FeedbackMode mode) {
        Metric metric = metrics.find(version.definition().metricId())
                .orElseThrow(() -> DomainException.conflict("metric-unavailable", "Task '" + version.slug() + "' uses metric '"
                        + version.definition().metricId() + "', which this platform does not implement yet."));
        Answers answers = data.answers(version);
        Grader grader = new Grader(config.maxBytes(), config.csvLimits());
        try (InputStream in = Files.newInputStream(file)) {
            return grader.grade(version.definition(), metric, answers, in, Files.size(file), mode);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The largest submission file graded, in bytes ({@code dojo.grading.max-bytes}). */
    public long maxSubmissionBytes() {
        return config.maxBytes();
    }

    /** The platform-wide feedback mode ({@code dojo.integrity.feedback}). */
    public FeedbackMode feedbackMode() {
        return integrity.feedback();
    }
}
