package dev.mledojo.task.practice.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import dev.mledojo.task.practice.PracticeFiles;
import dev.mledojo.task.practice.TabularBinaryGenerator;

/**
 * Reference solutions of {@code practice-tabular-binary}, from a constant prior to boosted trees, each predicting a
 * churn probability per test customer.
 */
public final class BinaryReferences {

    static final List<String> NUMERIC = List.of("tenure_months", "monthly_fee", "support_calls", "sessions_per_week",
            "avg_session_minutes", "days_since_login", "satisfaction", "age");
    static final List<String> CATEGORICAL = List.of("plan", "contract", "payment_method", "region");

    private BinaryReferences() {
    }

    /** Every solution on the board, weakest families first. */
    public static List<ReferenceSolution> all() {
        List<ReferenceSolution> out = new ArrayList<>();
        out.add(new ReferenceSolution("sample-submission(0.5)", d -> constant(d, "0.5")));
        out.add(new ReferenceSolution("train-prior", d -> constant(d, PracticeFiles.fixed(prior(d), 6))));
        for (int seed = 1; seed <= 3; seed++) {
            int s = seed;
            out.add(new ReferenceSolution("random-scores(seed=" + s + ")", d -> random(d, s)));
        }
        // single-feature rules, the sign chosen by the rule author
        out.add(rule("rule(-tenure_months)", "tenure_months", -1));
        out.add(rule("rule(support_calls)", "support_calls", 1));
        out.add(rule("rule(-satisfaction)", "satisfaction", -1));
        out.add(rule("rule(days_since_login)", "days_since_login", 1));
        out.add(rule("rule(-sessions_per_week)", "sessions_per_week", -1));
        out.add(rule("rule(monthly_fee)", "monthly_fee", 1));
        out.add(rule("rule(-age)", "age", -1));
        out.add(new ReferenceSolution("rule(contract=monthly)",
                d -> scores(d.test().column("contract"), v -> "monthly".equals(v) ? 1.0 : 0.0)));
        for (int rows : new int[] {100, 300, 1000, 4000}) {
            out.add(logistic("logistic-gd(numeric, iter=300, rows=" + rows + ")", rows, false, false, 300));
        }
        for (int rows : new int[] {100, 300, 1000, 4000}) {
            out.add(logistic("logistic-gd(all, iter=300, rows=" + rows + ")", rows, true, false, 300));
        }
        for (int iterations : new int[] {5, 20, 60}) {
            out.add(logistic("logistic-gd(all, iter=" + iterations + ", rows=4000)", 4000, true, false, iterations));
        }
        for (int rows : new int[] {1000, 4000}) {
            out.add(logistic("logistic-gd(all+interactions, iter=300, rows=" + rows + ")", rows, true, true, 300));
        }
        for (int rows : new int[] {300, 1000, 4000}) {
            for (int depth : new int[] {1, 2, 3}) {
                out.add(gbm(rows, depth, 150, 0.1));
            }
        }
        out.add(gbm(4000, 3, 400, 0.03));
        out.add(gbm(4000, 2, 30, 0.1));
        return out;
    }

    private static String[] constant(PublicData d, String value) {
        String[] out = new String[d.test().rowCount()];
        java.util.Arrays.fill(out, value);
        return out;
    }

    private static double prior(PublicData d) {
        double[] y = d.train().numbers(TabularBinaryGenerator.TARGET);
        double sum = 0;
        for (double v : y) {
            sum += v;
        }
        return sum / y.length;
    }

    private static String[] random(PublicData d, int seed) {
        Random rnd = new Random(seed);
        String[] out = new String[d.test().rowCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = PracticeFiles.fixed(rnd.nextDouble(), 6);
        }
        return out;
    }

    /** Scores by one numeric column (missing cells get the training mean), with a sign. */
    private static ReferenceSolution rule(String name, String column, int sign) {
        return new ReferenceSolution(name, d -> {
            double[] train = d.train().numbers(column);
            double sum = 0;
            int count = 0;
            for (double v : train) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    count++;
                }
            }
            double mean = sum / count;
            double[] test = d.test().numbers(column);
            String[] out = new String[test.length];
            for (int i = 0; i < test.length; i++) {
                double v = Double.isNaN(test[i]) ? mean : test[i];
                out[i] = PracticeFiles.fixed(sign * v, 4);
            }
            return out;
        });
    }

    private static String[] scores(String[] cells, Function<String, Double> score) {
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = PracticeFiles.fixed(score.apply(cells[i]), 4);
        }
        return out;
    }

    private static ReferenceSolution logistic(String name, int rows, boolean categorical, boolean interactions,
            int iterations) {
        return new ReferenceSolution(name, full -> {
            PublicData d = full.firstTrainRows(rows);
            Design design = Design.of(d.train(), d.test(), NUMERIC, categorical ? CATEGORICAL : List.of(), true);
            if (interactions) {
                design = design.withProducts(List.of(new String[] {"plan=premium", "sessions_per_week"},
                        new String[] {"plan=standard", "sessions_per_week"},
                        new String[] {"plan=premium", "sessions_per_week_missing"},
                        new String[] {"support_calls", "satisfaction"}));
            }
            double[] w = Models.logistic(design.train, d.train().numbers(TabularBinaryGenerator.TARGET), iterations,
                    0.5, 1e-4);
            String[] out = new String[design.test.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = PracticeFiles.fixed(Models.sigmoid(Models.linear(w, design.test[i])), 6);
            }
            return out;
        });
    }

    private static ReferenceSolution gbm(int rows, int depth, int trees, double learningRate) {
        String name = "boosted-trees(depth=" + depth + ", trees=" + trees + ", lr=" + learningRate + ", rows=" + rows
                + ")";
        return new ReferenceSolution(name, full -> {
            PublicData d = full.firstTrainRows(rows);
            Design design = Design.of(d.train(), d.test(), NUMERIC, CATEGORICAL, false);
            double[] p = new Gbm(Gbm.Loss.LOGISTIC, trees, depth, learningRate, 20)
                    .fit(design.train, d.train().numbers(TabularBinaryGenerator.TARGET)).predict(design.test);
            String[] out = new String[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = PracticeFiles.fixed(p[i], 6);
            }
            return out;
        });
    }
}
