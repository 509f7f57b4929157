package dev.mledojo.gym.action;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.GradingService;
import dev.mledojo.gym.Action;
import dev.mledojo.gym.ActionOutcome;
import dev.mledojo.gym.EpisodeContext;
import dev.mledojo.gym.GradedSubmission;
import dev.mledojo.gym.GymRegistry;
import dev.mledojo.gym.StepError;
import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.ScoringException;

/**
 * {@code execute_code}: runs the code in the sandbox, picks up the task's submission file, archives it as
 * {@code submission_<k>.csv}, grades it on the feedback part and rewards it.
 */
@ApplicationScoped
public class ExecuteCodeAction implements Action {

    private final CodeRunner runner;
    private final GradingService grading;
    private final GymRegistry registry;

    public ExecuteCodeAction(CodeRunner runner, GradingService grading, GymRegistry registry) {
        this.runner = runner;
        this.grading = grading;
        this.registry = registry;
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
        String fileName = context.task().definition().submissionFile();
        // NOFOLLOW_LINKS: the agent controls the workspace; a symlink must never make the platform read its target
        if (!Files.isRegularFile(written, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            StepError error = StepError.of(registry.kind("submission_missing"), "the code finished but "
                    + EpisodeContext.WORKSPACE_MOUNT + "/" + fileName + " is not a regular file", null);
            sections.put("Submission Evaluation", "No submission: " + error.message() + ".");
            return ActionOutcome.error(error, result, sections).withReward(0.0);
        }
        int number = context.submissions() + 1;
        Path archived = archive(context, written, number);
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

    private static Path archive(EpisodeContext context, Path written, int number) {
        try {
            Files.createDirectories(context.submissionsDir());
            Path target = context.submissionsDir().resolve("submission_" + number + ".csv");
            Files.copy(written, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
