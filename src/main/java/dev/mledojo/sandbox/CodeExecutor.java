package dev.mledojo.sandbox;

import java.nio.file.Path;
import java.util.Optional;

/** Runs untrusted Python code; two implementations will exist (local bubblewrap now, in-pod later). */
public interface CodeExecutor {

    /** Runs the code to completion or until a limit is hit; never throws for anything the code does. */
    ExecutionResult run(ExecutionRequest request);

    /** Parses the code with the sandbox's interpreter without running it: empty when it compiles, else the error. */
    Optional<SyntaxProblem> checkSyntax(String code);

    /**
     * Compiles the code and runs it only when it compiles: the syntax problem, or the run's result. This default checks
     * first and runs second; an executor that can do both in one interpreter start overrides it.
     */
    default CheckedRun checkAndRun(ExecutionRequest request) {
        Optional<SyntaxProblem> problem = checkSyntax(request.code());
        return problem.isPresent() ? CheckedRun.notCompiled(problem.get()) : CheckedRun.ran(run(request));
    }

    /**
     * The workspace was emptied or removed (an episode reset or closed): nothing prepared for its next run may outlive
     * that. Executors that prepare nothing ignore it.
     */
    default void forget(Path workspace) {
    }
}
