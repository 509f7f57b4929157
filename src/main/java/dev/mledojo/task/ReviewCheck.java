package dev.mledojo.task;

/** One check of a prepared version before activation: its name, whether it passed, and what was found. */
public record ReviewCheck(String name, boolean passed, String detail) {
}
