package dev.mledojo.sandbox;

/**
 * Why the code does not compile, as Python reports it: 1-based line and column (0 when Python gives none), the
 * message and the offending source line (without its line break, empty when unknown).
 */
public record SyntaxProblem(int line, int column, String message, String text) {
}
