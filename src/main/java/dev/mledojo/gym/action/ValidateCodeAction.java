package dev.mledojo.gym.action;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.gym.Action;
import dev.mledojo.gym.ActionOutcome;
import dev.mledojo.gym.EpisodeContext;

/** {@code validate_code}: a syntax check and a full run in the sandbox, never scored; any submission it wrote is removed. */
@ApplicationScoped
public class ValidateCodeAction implements Action {

    private final CodeRunner runner;

    public ValidateCodeAction(CodeRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "validate_code";
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
        return "Check the syntax of {code} and run it in the sandbox without scoring; a submission it writes is discarded.";
    }

    @Override
    public ActionOutcome perform(EpisodeContext context, Map<String, Object> params) {
        String code = runner.code(params);
        runner.clearSubmission(context);
        CodeRunner.Run run = runner.run(context, code);
        boolean wroteSubmission = java.nio.file.Files.exists(runner.submissionFile(context),
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        runner.clearSubmission(context);
        Map<String, Object> result = new LinkedHashMap<>(runner.describe(run));
        result.put("syntaxOk", run.result() != null);
        result.put("wroteSubmission", wroteSubmission);
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("Code Validation", (run.result() != null ? "Syntax check passed." : "Syntax check failed.")
                + "\n" + runner.executionSection(run)
                + (wroteSubmission ? "\nThe run wrote " + context.task().definition().submissionFile()
                        + "; validation never scores it, so it was removed. Use execute_code to be scored." : ""));
        return run.error() == null ? ActionOutcome.success(result, sections)
                : ActionOutcome.error(run.error(), result, sections);
    }
}
