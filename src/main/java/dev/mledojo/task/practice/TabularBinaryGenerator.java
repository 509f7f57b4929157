package dev.mledojo.task.practice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.metric.MetricParams;

/**
 * Churn of the customers of a fictional note-taking subscription ("Nimbus Notes"): numeric and categorical features,
 * missing values, noise and a plan-by-usage interaction; target {@code churned} (0/1).
 *
 * <p>Parameters: {@code rows} (training rows, default 4000), {@code test_rows} (default 2000), {@code seed}
 * (default 7).
 */
@ApplicationScoped
public class TabularBinaryGenerator implements DataGenerator {

    public static final String ID = "tabular-binary";
    public static final String ID_COLUMN = "id";
    public static final String TARGET = "churned";
    public static final List<String> FEATURES = List.of("plan", "contract", "tenure_months", "monthly_fee",
            "payment_method", "region", "support_calls", "sessions_per_week", "avg_session_minutes",
            "days_since_login", "satisfaction", "age");

    static final String[] PLANS = {"basic", "standard", "premium"};
    static final String[] CONTRACTS = {"monthly", "annual", "two_year"};
    static final String[] PAYMENTS = {"card", "bank_transfer", "paypal", "voucher"};
    static final String[] REGIONS = {"north", "south", "east", "west", "central"};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void generate(MetricParams params, Path publicDir, Path privateDir) {
        int trainRows = PracticeFiles.positive(params, "rows", 4000);
        int testRows = PracticeFiles.positive(params, "test_rows", 2000);
        Random rnd = new Random(PracticeFiles.seed(params));

        PracticeFiles.Split split = new PracticeFiles.Split(ID_COLUMN, FEATURES, TARGET, trainRows, testRows, "0.5");
        for (int i = 0; i < trainRows + testRows; i++) {
            List<String> features = new ArrayList<>(FEATURES.size());
            String churned = customer(rnd, features) ? "1" : "0";
            split.add(Integer.toString(100001 + i), features, churned);
        }
        split.write(publicDir, privateDir);
    }

    /** Draws one customer, appends its feature cells (empty = missing) and returns whether it churned. */
    private static boolean customer(Random rnd, List<String> row) {
        int plan = PracticeFiles.pick(rnd, new double[] {0.45, 0.35, 0.20});
        int contract = PracticeFiles.pick(rnd, new double[] {0.50, 0.35, 0.15});
        double meanTenure = new double[] {10, 24, 36}[contract];
        int tenure = (int) Math.min(72, 1 + Math.floor(-StrictMath.log(1 - rnd.nextDouble()) * meanTenure));
        double fee = new double[] {9.99, 19.99, 34.99}[plan] + 5 * rnd.nextInt(4) + 0.5 * rnd.nextInt(3);
        int payment = PracticeFiles.pick(rnd, new double[] {0.45, 0.25, 0.20, 0.10});
        int region = rnd.nextInt(REGIONS.length);
        int calls = Math.min(12, PracticeFiles.poisson(rnd, plan == 2 ? 1.6 : 1.1));
        double sessions = PracticeFiles.round(StrictMath.exp(1.1 + 0.6 * PracticeFiles.clippedGaussian(rnd, 3)), 1);
        double minutes = PracticeFiles.round(StrictMath.exp(3.0 + 0.4 * PracticeFiles.clippedGaussian(rnd, 3)), 1);
        int lastLogin = (int) Math.min(90, Math.floor(-StrictMath.log(1 - rnd.nextDouble()) * 14 / (1 + sessions / 3)));
        int satisfaction = (int) Math.max(1, Math.min(5,
                Math.round(3.7 - 0.35 * calls + 0.9 * rnd.nextGaussian())));
        int age = (int) Math.max(18, Math.min(80, Math.round(40 + 13 * rnd.nextGaussian())));

        double logit = -1.0
                + new double[] {0.9, -0.4, -1.5}[contract]
                - 0.035 * tenure
                + 0.30 * calls
                - 0.45 * (satisfaction - 3)
                - 0.55 * StrictMath.log(1 + sessions)
                + 0.025 * lastLogin
                + new double[] {0, -0.1, 0.15, 0.7}[payment]
                + (region == 2 ? 0.25 : 0)
                - 0.012 * (age - 40)
                + 0.02 * (fee - 20);
        // the interaction a linear model misses: premium customers who hardly use the product leave
        if (plan == 2 && sessions < 2.5) {
            logit += 1.8;
        }
        if (plan == 0 && calls >= 3) {
            logit += 0.8;
        }
        logit += 0.7 * rnd.nextGaussian();
        boolean churned = rnd.nextDouble() < 1 / (1 + StrictMath.exp(-logit));

        row.add(PLANS[plan]);
        row.add(CONTRACTS[contract]);
        row.add(Integer.toString(tenure));
        row.add(PracticeFiles.fixed(fee, 2));
        row.add(missing(rnd, 0.03) ? "" : PAYMENTS[payment]);
        row.add(REGIONS[region]);
        row.add(Integer.toString(calls));
        row.add(missing(rnd, 0.08) ? "" : PracticeFiles.fixed(sessions, 1));
        row.add(missing(rnd, 0.05) ? "" : PracticeFiles.fixed(minutes, 1));
        row.add(Integer.toString(lastLogin));
        row.add(missing(rnd, 0.15) ? "" : Integer.toString(satisfaction));
        row.add(missing(rnd, 0.10) ? "" : Integer.toString(age));
        return churned;
    }

    private static boolean missing(Random rnd, double rate) {
        return rnd.nextDouble() < rate;
    }
}
