package dev.mledojo.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * A run that already happened elsewhere (in an episode's pod) and was reported to the platform: it hands back the
 * reported syntax check and result, and puts the uploaded submission into the platform-side workspace under the task's
 * submission file name, where the actions pick it up as if the code had run here. The report is the pod's word; only
 * the submission file counts for the score, and it is graded here, against answers the pod never had.
 *
 * @param syntax the syntax problem the pod found (then the code did not run), or null
 * @param result what the run produced (ignored when {@code syntax} is set)
 * @param submission the uploaded submission file (already verified against its SHA-256), or null
 * @param wroteSubmission the run wrote the submission file (for validate_code, which never uploads it)
 * @param submissionFile the task's submission file name
 */
public record ReportedRun(SyntaxProblem syntax, ExecutionResult result, Path submission, boolean wroteSubmission,
        String submissionFile) implements CodeExecutor {

    public ReportedRun {
        Objects.requireNonNull(submissionFile, "submissionFile");
        if (syntax == null) {
            Objects.requireNonNull(result, "result");
        }
    }

    @Override
    public Optional<SyntaxProblem> checkSyntax(String code) {
        return Optional.ofNullable(syntax);
    }

    @Override
    public ExecutionResult run(ExecutionRequest request) {
        Path target = request.workspace().resolve(submissionFile);
        try {
            Files.createDirectories(target.getParent());
            if (submission != null) {
                Files.copy(submission, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            } else if (wroteSubmission) {
                Files.write(target, new byte[0]); // validate_code only asks whether it was written, then removes it
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
