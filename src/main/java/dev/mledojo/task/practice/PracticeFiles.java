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

    /**
     * Collects the rows of a generated table: the first {@code trainRows} go to {@code train.csv} with their label,
     * the others to {@code test.csv} without it, with their labels in {@code answers.csv} and a constant prediction in
     * {@code sample_submission.csv}.
     */
    static final class Split {
        private final String idColumn;
        private final String target;
        private final List<String> columns;
        private final int trainRows;
        private final String sampleValue;
        private final List<List<String>> train;
        private final List<List<String>> test;
        private final List<List<String>> answers;
        private final List<List<String>> sample;
        private int added;

        Split(String idColumn, List<String> features, String target, int trainRows, int testRows, String sampleValue) {
            this.idColumn = idColumn;
            this.target = target;
            this.columns = new java.util.ArrayList<>();
            this.columns.add(idColumn);
            this.columns.addAll(features);
            this.trainRows = trainRows;
            this.sampleValue = sampleValue;
            this.train = new java.util.ArrayList<>(trainRows);
            this.test = new java.util.ArrayList<>(testRows);
            this.answers = new java.util.ArrayList<>(testRows);
            this.sample = new java.util.ArrayList<>(testRows);
        }

        /** Adds the next row: its id, its feature cells (in feature order) and its label. */
        void add(String id, List<String> features, String label) {
            List<String> row = new java.util.ArrayList<>(features.size() + 2);
            row.add(id);
            row.addAll(features);
            if (added++ < trainRows) {
                row.add(label);
                train.add(row);
            } else {
                test.add(row);
                answers.add(List.of(id, label));
                sample.add(List.of(id, sampleValue));
            }
        }

        void write(Path publicDir, Path privateDir) {
            List<String> trainHeader = new java.util.ArrayList<>(columns);
            trainHeader.add(target);
            PracticeFiles.write(publicDir, TRAIN, trainHeader, train);
            PracticeFiles.write(publicDir, TEST, columns, test);
            PracticeFiles.write(publicDir, SAMPLE_SUBMISSION, List.of(idColumn, target), sample);
            PracticeFiles.write(privateDir, ANSWERS, List.of(idColumn, target), answers);
        }
    }
}
