package dev.mledojo.gym.action;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.files.FileOps;
import dev.mledojo.gym.EpisodeContext;
import dev.mledojo.gym.GymConfig;
import dev.mledojo.gym.GymRegistry;
import dev.mledojo.gym.Params;
import dev.mledojo.gym.StepError;
import dev.mledojo.sandbox.CheckedRun;
import dev.mledojo.sandbox.CodeExecutor;
import dev.mledojo.sandbox.ExecutionRequest;
import dev.mledojo.sandbox.ExecutionResult;
import dev.mledojo.sandbox.Outcome;
import dev.mledojo.sandbox.SyntaxProblem;

/** What {@code validate_code} and {@code execute_code} share: compiling and running the code, typing the failure. */
@ApplicationScoped
public class CodeRunner {

    private final CodeExecutor executor;
    private final GymRegistry registry;
    private final GymConfig config;

    public CodeRunner(CodeExecutor executor, GymRegistry registry, GymConfig config) {
        this.executor = executor;
        this.registry = registry;
        this.config = config;
    }

    /** A finished run: the sandbox result, or the error that stopped the code from running at all. */
    public record Run(ExecutionResult result, StepError error) {
        public boolean succeeded() {
            return error == null && result != null && result.outcome() == Outcome.SUCCESS;
        }
    }

    /** The code param, checked for presence and size. */
    public String code(Map<String, Object> params) {
        String code = Params.requiredString(params, "code", "\"import pandas as pd\\nprint(pd.__version__)\"");
        int bytes = code.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxCodeBytes()) {
            throw new Params.Invalid("code_too_large", "The code is " + bytes + " bytes; the limit is "
                    + config.maxCodeBytes() + " bytes.");
        }
        return code;
    }

    /** The task's submission file inside the workspace. */
    public Path submissionFile(EpisodeContext context) {
        return context.workspace().resolve(context.task().definition().submissionFile());
    }

    /**
     * Removes whatever an earlier step left at the submission path, so that only this run's file is picked up: a file,
     * a link (never its target) or a whole directory tree the agent made there (which used to fail every later step).
     */
    public void clearSubmission(EpisodeContext context) {
        FileOps.deleteRecursively(submissionFile(context));
    }

    /**
     * Compiles the code and runs it when it compiles, in the sandbox (one interpreter start for both where the executor
     * can); a syntax problem stops the code before any of it ran.
     */
    public Run run(EpisodeContext context, String code) {
        CodeExecutor executor = context.podRun() != null ? context.podRun() : this.executor;
        CheckedRun checked = executor.checkAndRun(new ExecutionRequest(code, context.workspace(), context.publicDir(),
                context.limits()));
        if (checked.syntax() != null) {
            SyntaxProblem p = checked.syntax();
            return new Run(null, StepError.of(registry.kind("syntax_error"),
                    "line " + p.line() + ", column " + p.column() + ": " + p.message(),
                    p.text() == null ? null : p.text().strip()));
        }
        ExecutionResult result = checked.result();
        if (result.outcome() == Outcome.SUCCESS) {
            return new Run(result, null);
        }
        if (result.outcome() == Outcome.SANDBOX_ERROR) {
            return new Run(result, StepError.of(registry.kind("sandbox_error"), "the sandbox could not run the code",
                    null));
        }
        StepError error = registry.recognise(result, tail(result.stderr(), 2000))
                .orElseGet(() -> StepError.of(registry.kind("non_zero_exit"), "exit status " + result.exitCode(),
                        tail(result.stderr(), 2000)));
        return new Run(result, error);
    }

    /** The structured result of a run (output capped by the sandbox). */
    public Map<String, Object> describe(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        ExecutionResult r = run.result();
        if (r != null) {
            m.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
            m.put("exitCode", r.exitCode());
            m.put("stdout", r.stdout());
            m.put("stderr", r.stderr());
            m.put("outputTruncated", r.outputTruncated());
            m.put("executionTimeS", r.wallTime().toMillis() / 1000.0);
            if (r.limitHit() != null) {
                m.put("limitHit", r.limitHit());
            }
        }
        if (run.error() != null) {
            m.put("error", run.error().toMap());
        }
        return m;
    }

    /** The "execution" feedback section. */
    public String executionSection(Run run) {
        StringBuilder sb = new StringBuilder();
        ExecutionResult r = run.result();
        if (run.succeeded()) {
            sb.append("Execution succeeded in ").append(seconds(r)).append('.');
        } else if (r == null) {
            sb.append("The code did not run.");
        } else {
            sb.append("Execution failed after ").append(seconds(r)).append(" (").append(run.error().kind()).append(").");
        }
        if (r != null && r.stdout() != null && !r.stdout().isBlank()) {
            sb.append("\nOutput:\n").append(tail(r.stdout(), config.feedbackOutputChars()));
        }
        if (run.error() != null) {
            sb.append("\nError: ").append(run.error().describe());
        }
        return sb.toString();
    }

    private static String seconds(ExecutionResult r) {
        return String.format(java.util.Locale.ROOT, "%.2f s", r.wallTime().toMillis() / 1000.0);
    }

    /** The last {@code max} characters, which hold the traceback or the final prints. */
    static String tail(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : "[... " + (s.length() - max) + " characters before ...]\n" + s.substring(s.length() - max);
    }
}
