package dev.mledojo.task.practice.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.mledojo.metric.Stats;
import dev.mledojo.task.practice.PracticeFiles;
import dev.mledojo.task.practice.TabularRegressionGenerator;

/**
 * Reference solutions of {@code practice-tabular-regression}, from a constant price to a log-price linear model and
 * boosted trees.
 */
public final class RegressionReferences {

    static final List<String> NUMERIC = List.of("area_sqm", "rooms", "bathrooms", "year_built", "lot_sqm",
            "distance_center_km");
    static final List<String> CATEGORICAL = List.of("neighborhood", "house_type", "garage", "condition",
            "energy_label");
    private static final String TARGET = TabularRegressionGenerator.TARGET;

    private RegressionReferences() {
    }

    /** Every solution on the board, weakest families first. */
    public static List<ReferenceSolution> all() {
        List<ReferenceSolution> out = new ArrayList<>();
        out.add(new ReferenceSolution("sample-submission(400000)", d -> constant(d, 400000)));
        out.add(new ReferenceSolution("train-mean", d -> constant(d, mean(d.train().numbers(TARGET)))));
        out.add(new ReferenceSolution("train-median", d -> constant(d, Stats.median(d.train().numbers(TARGET)))));
        out.add(new ReferenceSolution("neighborhood-mean", d -> byGroup(d, false)));
        out.add(new ReferenceSolution("neighborhood-median", d -> byGroup(d, true)));
        out.add(new ReferenceSolution("neighborhood-price-per-sqm", RegressionReferences::pricePerSqm));
        out.add(linear("least-squares(area_sqm)", 4000, List.of("area_sqm"), List.of(), false, 1e-9));
        for (int rows : new int[] {1000, 4000}) {
            out.add(linear("least-squares(numeric, rows=" + rows + ")", rows, NUMERIC, List.of(), false, 1e-9));
        }
        for (int rows : new int[] {100, 300, 1000, 4000}) {
            out.add(linear("least-squares(all, rows=" + rows + ")", rows, NUMERIC, CATEGORICAL, false, 1e-9));
        }
        for (int rows : new int[] {100, 300, 1000, 4000}) {
            out.add(linear("least-squares(all, log-price, rows=" + rows + ")", rows, NUMERIC, CATEGORICAL, true,
                    1e-9));
        }
        for (double lambda : new double[] {0.0001, 0.001, 0.01}) {
            out.add(linear("ridge(all, log-price, lambda=" + lambda + ", rows=4000)", 4000, NUMERIC, CATEGORICAL,
                    true, lambda));
        }
        for (int rows : new int[] {300, 1000, 4000}) {
            for (int depth : new int[] {2, 4}) {
                out.add(gbm(rows, depth, 200, true));
            }
        }
        out.add(gbm(1000, 3, 200, false));
        out.add(gbm(4000, 3, 200, false));
        out.add(gbm(4000, 3, 20, true));
        out.add(gbm(4000, 5, 600, true));
        return out;
    }

    private static String[] constant(PublicData d, double value) {
        String[] out = new String[d.test().rowCount()];
        Arrays.fill(out, PracticeFiles.fixed(value, 0));
        return out;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static String[] byGroup(PublicData d, boolean median) {
        Map<String, List<Double>> groups = new TreeMap<>();
        String[] hoods = d.train().column("neighborhood");
        double[] y = d.train().numbers(TARGET);
        for (int i = 0; i < y.length; i++) {
            groups.computeIfAbsent(hoods[i], k -> new ArrayList<>()).add(y[i]);
        }
        double fallback = mean(y);
        String[] test = d.test().column("neighborhood");
        String[] out = new String[test.length];
        for (int i = 0; i < test.length; i++) {
            List<Double> group = groups.get(test[i]);
            double value = fallback;
            if (group != null) {
                double[] values = group.stream().mapToDouble(Double::doubleValue).toArray();
                value = median ? Stats.median(values) : mean(values);
            }
            out[i] = PracticeFiles.fixed(value, 0);
        }
        return out;
    }

    private static String[] pricePerSqm(PublicData d) {
        Map<String, List<Double>> groups = new TreeMap<>();
        String[] hoods = d.train().column("neighborhood");
        double[] y = d.train().numbers(TARGET);
        double[] area = d.train().numbers("area_sqm");
        for (int i = 0; i < y.length; i++) {
            groups.computeIfAbsent(hoods[i], k -> new ArrayList<>()).add(y[i] / area[i]);
        }
        String[] test = d.test().column("neighborhood");
        double[] testArea = d.test().numbers("area_sqm");
        String[] out = new String[test.length];
        for (int i = 0; i < test.length; i++) {
            double[] ratios = groups.get(test[i]).stream().mapToDouble(Double::doubleValue).toArray();
            out[i] = PracticeFiles.fixed(Stats.median(ratios) * testArea[i], 0);
        }
        return out;
    }

    private static ReferenceSolution linear(String name, int rows, List<String> numeric, List<String> categorical,
            boolean logTarget, double lambda) {
        return new ReferenceSolution(name, full -> {
            PublicData d = full.firstTrainRows(rows);
            Design design = Design.of(d.train(), d.test(), numeric, categorical, true);
            if (logTarget) {
                design = design.withColumn("log_area", logs(d.train().numbers("area_sqm")),
                        logs(d.test().numbers("area_sqm")));
            }
            double[] y = target(d, logTarget);
            double[] w = Models.leastSquares(design.train, y, lambda);
            String[] out = new String[design.test.length];
            for (int i = 0; i < out.length; i++) {
                double z = Models.linear(w, design.test[i]);
                out[i] = PracticeFiles.fixed(logTarget ? StrictMath.exp(z) : z, 0);
            }
            return out;
        });
    }

    private static ReferenceSolution gbm(int rows, int depth, int trees, boolean logTarget) {
        double learningRate = trees >= 600 ? 0.03 : 0.1;
        String name = "boosted-trees(" + (logTarget ? "log-price, " : "") + "depth=" + depth + ", trees=" + trees
                + ", lr=" + learningRate + ", rows=" + rows + ")";
        return new ReferenceSolution(name, full -> {
            PublicData d = full.firstTrainRows(rows);
            Design design = Design.of(d.train(), d.test(), NUMERIC, CATEGORICAL, false);
            double[] p = new Gbm(Gbm.Loss.SQUARED, trees, depth, learningRate, 10)
                    .fit(design.train, target(d, logTarget)).predict(design.test);
            String[] out = new String[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = PracticeFiles.fixed(logTarget ? StrictMath.exp(p[i]) : p[i], 0);
            }
            return out;
        });
    }

    private static double[] target(PublicData d, boolean log) {
        double[] y = d.train().numbers(TARGET);
        return log ? logs(y) : y;
    }

    private static double[] logs(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = StrictMath.log(values[i]);
        }
        return out;
    }
}
