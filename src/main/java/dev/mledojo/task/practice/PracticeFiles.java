package dev.mledojo.task.practice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;

import dev.mledojo.metric.CsvTables;
import dev.mledojo.metric.MetricParams;

/**
 * Shared conventions of the practice data generators: file names, seeding and number text that is identical on every
 * JVM.
 */
public final class PracticeFiles {

    public static final String TRAIN = "train.csv";
    public static final String TEST = "test.csv";
    public static final String SAMPLE_SUBMISSION = "sample_submission.csv";
    public static final String ANSWERS = "answers.csv";

    /** The seed a generator uses when the task does not name one. */
    public static final long DEFAULT_SEED = 7;

    private PracticeFiles() {
    }

    /** The generator seed of a task's {@code data} section ({@code seed}, default 7). */
    public static long seed(MetricParams params) {
        return params.has("seed") ? (long) params.number("seed", DEFAULT_SEED) : DEFAULT_SEED;
    }

    /** A positive integer parameter, failing with a clear message when it is zero or negative. */
    public static int positive(MetricParams params, String key, int fallback) {
        int value = params.integer(key, fallback);
        if (value <= 0) {
            throw new IllegalArgumentException("generator parameter '" + key + "' must be positive, got " + value);
        }
        return value;
    }

    /**
     * Fixed-point text with {@code decimals} places, rounded half-even from the exact binary value; unlike
     * {@link Double#toString} this is the same on every Java version.
     */
    public static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("cannot write a non-finite number: " + value);
        }
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Rounds to {@code decimals} places the same way {@link #fixed} writes the value. */
    public static double round(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Writes one CSV file into a directory (created when missing). */
    public static void write(Path dir, String name, List<String> header, List<? extends List<?>> rows) {
        CsvTables.write(dir.resolve(name), header, rows);
    }

    /** A standard normal draw clipped to {@code [-limit, limit]}, to keep generated values plausible. */
    static double clippedGaussian(java.util.Random rnd, double limit) {
        double g = rnd.nextGaussian();
        return Math.max(-limit, Math.min(limit, g));
    }

    /** A Poisson draw (Knuth's method for small means, a rounded normal above 60), deterministic per {@code Random}. */
    static int poisson(java.util.Random rnd, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 60) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
        }
        double limit = StrictMath.exp(-mean);
        double product = rnd.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= rnd.nextDouble();
            k++;
        }
        return k;
    }

    /** Picks an index by cumulative weights (which need not sum to 1). */
    static int pick(java.util.Random rnd, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = rnd.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (u < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
