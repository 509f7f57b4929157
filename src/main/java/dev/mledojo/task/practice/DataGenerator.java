package dev.mledojo.task.practice;

import java.nio.file.Path;

import dev.mledojo.metric.MetricParams;

/**
 * Generates a practice task's data deterministically, so the platform runs offline: the same id, parameters and seed
 * always give byte-identical files.
 */
public interface DataGenerator {

    /** The generator id a task names in {@code data.generator}. */
    String id();

    /**
     * Writes the agent-visible files ({@code train.csv}, {@code test.csv} without labels, {@code sample_submission.csv})
     * into {@code publicDir} and the hidden answers ({@code answers.csv}: id column + target columns, one row per test
     * id) into {@code privateDir}.
     *
     * @param params the task's {@code data} section (e.g. {@code rows}, {@code seed})
     */
    void generate(MetricParams params, Path publicDir, Path privateDir);
}
