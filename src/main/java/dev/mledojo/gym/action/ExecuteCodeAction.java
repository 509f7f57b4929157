package dev.mledojo.gym.action;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.files.FileOps;
import dev.mledojo.files.UntrustedFiles;
import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.GradingService;
import dev.mledojo.gym.Action;
import dev.mledojo.gym.ActionOutcome;
import dev.mledojo.gym.EpisodeContext;
import dev.mledojo.gym.GradedSubmission;
import dev.mledojo.gym.GymConfig;
import dev.mledojo.gym.GymRegistry;
import dev.mledojo.gym.StepError;
import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;

/**
 * {@code execute_code}: runs the code in the sandbox, picks up the task's submission file, archives it as
 * {@code submission_<k>.csv}, grades it on the feedback part and rewards it.
 */
@ApplicationScoped
public class ExecuteCodeAction implements Action {

    private final CodeRunner runner;
    private final GradingService grading;
    private final GymRegistry registry;
    private final GymConfig config;

    public ExecuteCodeAction(CodeRunner runner, GradingService grading, GymRegistry registry, GymConfig config) {
        this.runner = runner;
        this.grading = grading;
        this.registry = registry;
        this.config = config;
    }

    @Override
    public String name() {
        return "execute_code";
    }

    @Override
    public boolean runsCode() {
        return true;
    }

    @Override
    public java.util.Optional<java.util.Set<String>> params() {
        return java.util.Optional.of(java.util.Set.of("code"));
    }

    @Override
    public String description() {
        return "Run {code} in the sandbox; the submission file it writes to /workspace is graded and rewarded.";
    }

    @Override
    public ActionOutcome perform(EpisodeContext context, Map<String, Object> params) {
        String code = runner.code(params);
        runner.clearSubmission(context);
        CodeRunner.Run run = runner.run(context, code);
        Map<String, Object> result = new LinkedHashMap<>(runner.describe(run));
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("Code Execution", runner.executionSection(run));
        if (!run.succeeded()) {
            sections.put("Submission Evaluation", "Not evaluated: the code did not finish successfully.");
            return ActionOutcome.error(run.error(), result, sections).withReward(0.0);
        }
        Path written = runner.submissionFile(context);
        String shown = EpisodeContext.WORKSPACE_MOUNT + "/" + context.task().definition().submissionFile();
        int number = context.submissions() + 1;
        Path archived;
        try {
            // checked on the file itself (lstat: no link followed, regular files only, apparent size) before a byte
            // is copied: a sparse 520 MiB file occupying 4 KiB is refused without being written out densely
            UntrustedFiles.Found found = UntrustedFiles.inspect(written, grading.maxSubmissionBytes());
            if (found instanceof UntrustedFiles.Missing) {
                return noSubmission(result, sections, "the code finished but did not write " + shown);
            }
            if (found instanceof UntrustedFiles.NotAFile notAFile) {
                return noSubmission(result, sections, shown + " is " + notAFile.what() + ", not a file (it is removed "
                        + "before the next run)");
            }
            if (found instanceof UntrustedFiles.TooLarge tooLarge) {
                return tooLarge(result, sections, tooLarge.bytes(), tooLarge.limit());
            }
            archived = ArchivedSubmissions.store(context.submissionsDir(), written, number, grading.maxSubmissionBytes(),
                    config.maxArchivedBytes());
        } catch (UntrustedFiles.GrewTooLarge e) {
            return tooLarge(result, sections, -1, e.limit());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GradeReport report;
        try {
            report = grading.grade(context.task(), archived, context.feedbackMode());
        } catch (InvalidSubmissionException e) {
            StepError error = StepError.of(registry.kind("invalid_submission"), e.kind().wireName() + ": " + e.getMessage(),
                    null);
            return invalid(context, result, sections, error, number, archived, code);
        } catch (ScoringException e) {
            StepError error = StepError.of(registry.kind("evaluation_failed"), e.getMessage(), null);
            return invalid(context, result, sections, error, number, archived, code);
        }
        GradedSubmission submission = new GradedSubmission(number, archived, code, report, null);
        Double score = report.scores().feedback();
        Double rank = report.feedback() == null ? null : report.feedback().humanRank();
        boolean hib = report.higherIsBetter();
        double reward = score == null ? 0.0
                : context.scoreMode() == EpisodeContext.ScoreMode.RAW ? (hib ? score : -score) : (rank == null ? 0.0 : rank);
        boolean best = context.best().isBeatenBy(score, hib);
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("submission", number);
        evaluation.put("file", "submission_" + number + ".csv");
        evaluation.put("valid", true);
        evaluation.put("rows", report.rows().feedback());
        evaluation.put("score", score);
        if (report.feedback() != null) {
            evaluation.put("humanRank", rank);
            evaluation.put("humanRankPublic", report.feedback().humanRankPublic());
            evaluation.put("humanRankPrivate", report.feedback().humanRankPrivate());
            evaluation.put("positionPublic", report.feedback().positionPublic());
            evaluation.put("positionPrivate", report.feedback().positionPrivate());
        }
        evaluation.put("boardEntriesPublic", report.boards().publicEntries());
        evaluation.put("boardEntriesPrivate", report.boards().privateEntries());
        evaluation.put("boardKind", report.boards().kind());
        evaluation.put("best", best);
        result.put("submission", evaluation);
        sections.put("Submission Evaluation", evaluationText(context, report, number, best, score, rank));
        return ActionOutcome.success(result, sections).withReward(reward).withSubmission(submission);
    }

    private ActionOutcome invalid(EpisodeContext context, Map<String, Object> result, Map<String, String> sections,
            StepError error, int number, Path archived, String code) {
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("submission", number);
        evaluation.put("file", "submission_" + number + ".csv");
        evaluation.put("valid", false);
        evaluation.put("error", error.toMap());
        result.put("submission", evaluation);
        sections.put("Submission Evaluation", "Submission " + number + " is invalid: " + error.message());
        return ActionOutcome.error(error, result, sections).withReward(0.0)
                .withSubmission(new GradedSubmission(number, archived, code, null, error));
    }

    private static String evaluationText(EpisodeContext context, GradeReport report, int number, boolean best,
            Double score, Double rank) {
        StringBuilder sb = new StringBuilder("Submission ").append(number).append(" is valid.");
        if (score == null) {
            return sb.append(" Scores are not shown in this environment (feedback mode none).").toString();
        }
        if ("split".equals(report.feedbackMode())) {
            sb.append("\nScored on the feedback part: ").append(report.rows().feedback()).append(" of ")
                    .append(report.rows().total()).append(" test rows (the final result uses the other rows).");
        }
        var standing = report.feedback();
        String board = report.boards().label();
        if (standing.positionPrivate() != null) {
            sb.append("\nPrivate board (").append(board).append("): position ").append(standing.positionPrivate())
                    .append(" among ").append(report.boards().privateEntries()).append(" entries");
        }
        if (standing.positionPublic() != null) {
            sb.append("\nPublic board (").append(board).append("): position ").append(standing.positionPublic())
                    .append(" among ").append(report.boards().publicEntries()).append(" entries");
        }
        sb.append("\nRaw score (").append(report.metric()).append(", ").append(report.higherIsBetter() ? "higher" : "lower")
                .append(" is better): ").append(fmt(score));
        if (rank != null) {
            sb.append("\nHumanRank: ").append(fmt(rank));
        }
        if (best) {
            sb.append("\nThis is your best submission so far.");
        } else {
            sb.append("\nBest so far: raw score ").append(fmt(context.best().score()));
            if (context.best().humanRank() != null) {
                sb.append(", HumanRank ").append(fmt(context.best().humanRank()));
            }
        }
        return sb.toString();
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.6g", v);
    }

    private ActionOutcome noSubmission(Map<String, Object> result, Map<String, String> sections, String message) {
        StepError error = StepError.of(registry.kind("submission_missing"), message, null);
        sections.put("Submission Evaluation", "No submission: " + error.message() + ".");
        return ActionOutcome.error(error, result, sections).withReward(0.0);
    }

    /** Refused before anything was copied: not archived, not graded, not counted as a submission. */
    private ActionOutcome tooLarge(Map<String, Object> result, Map<String, String> sections, long bytes, long limit) {
        StepError error = StepError.of(registry.kind("invalid_submission"), SubmissionErrorKind.FILE_TOO_LARGE.wireName()
                + ": the submission " + (bytes < 0 ? "grew past the limit while it was read" : "is " + bytes
                        + " bytes (" + FileOps.bytes(bytes) + ")") + "; the limit is " + limit + " bytes ("
                + FileOps.bytes(limit) + "). It was not archived or graded.", null);
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("valid", false);
        evaluation.put("archived", false);
        evaluation.put("error", error.toMap());
        result.put("submission", evaluation);
        sections.put("Submission Evaluation", "Submission refused: " + error.message());
        return ActionOutcome.error(error, result, sections).withReward(0.0);
    }
}
