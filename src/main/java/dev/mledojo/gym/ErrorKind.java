package dev.mledojo.gym;

import java.util.Optional;

import dev.mledojo.sandbox.ExecutionResult;

/**
 * A kind of error an agent can meet, with the likely causes it is told about. Kinds are CDI beans found by name;
 * a kind may also recognise itself in a failed run (e.g. a Python exception in stderr) so that failures are typed.
 */
public interface ErrorKind {

    /** The stable wire name, e.g. {@code module_not_found}. */
    String name();

    /** What usually causes it and how to fix it, in one or two sentences. */
    String likelyCauses();

    /** The order in which kinds try to recognise a failed run: lower first. */
    default int priority() {
        return 100;
    }

    /** Recognises this kind in a failed run and returns a one-line message, or empty. */
    default Optional<String> recognise(ExecutionResult run) {
        return Optional.empty();
    }
}
