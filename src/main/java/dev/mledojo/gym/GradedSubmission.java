package dev.mledojo.gym;

import java.nio.file.Path;

import dev.mledojo.grading.GradeReport;

/**
 * A submission picked up after {@code execute_code}: where it was archived, the code that wrote it, and its grade
 * report (null when invalid). The report holds final-part scores: only the platform reads it.
 */
public record GradedSubmission(int number, Path file, String code, GradeReport report, StepError error) {

    public boolean valid() {
        return report != null;
    }
}
