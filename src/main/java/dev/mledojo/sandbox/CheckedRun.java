package dev.mledojo.sandbox;

/**
 * A run whose code was compiled first: either the code did not compile ({@code syntax} set, nothing of it ran, no
 * result) or it compiled and ran ({@code result} set).
 */
public record CheckedRun(SyntaxProblem syntax, ExecutionResult result) {

    public CheckedRun {
        if ((syntax == null) == (result == null)) {
            throw new IllegalArgumentException("a checked run has either a syntax problem or a result");
        }
    }

    /** The code did not compile; it never ran. */
    public static CheckedRun notCompiled(SyntaxProblem problem) {
        return new CheckedRun(problem, null);
    }

    /** The code compiled and ran (or was refused by the sandbox before it started). */
    public static CheckedRun ran(ExecutionResult result) {
        return new CheckedRun(null, result);
    }
}
