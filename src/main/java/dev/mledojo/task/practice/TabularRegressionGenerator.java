package dev.mledojo.task.practice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.metric.MetricParams;

/**
 * Sale prices of houses in a fictional city: multiplicative effects of size, neighbourhood, age, condition and
 * distance, with missing values and log-normal noise; target {@code price}.
 *
 * <p>Parameters: {@code rows} (training rows, default 4000), {@code test_rows} (default 2000), {@code seed}
 * (default 7).
 */
@ApplicationScoped
public class TabularRegressionGenerator implements DataGenerator {

    public static final String ID = "tabular-regression";
    public static final String ID_COLUMN = "id";
    public static final String TARGET = "price";
    public static final List<String> FEATURES = List.of("neighborhood", "house_type", "area_sqm", "rooms",
            "bathrooms", "year_built", "lot_sqm", "garage", "condition", "energy_label", "distance_center_km");

    static final String[] NEIGHBORHOODS = {"Old Harbour", "Millbrook", "Riverside", "Ashgrove", "Kingsgate",
        "Fenwick", "Elm Park", "Southfield"};
    /** Price per square metre of each neighbourhood (same order). */
    private static final double[] PRICE_PER_SQM = {5200, 3100, 4300, 2600, 6100, 2200, 3700, 2900};
    static final String[] TYPES = {"apartment", "terraced", "semi_detached", "detached"};
    static final String[] CONDITIONS = {"poor", "fair", "good", "excellent"};
    static final String[] ENERGY = {"A", "B", "C", "D", "E", "F", "G"};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void generate(MetricParams params, Path publicDir, Path privateDir) {
        int trainRows = PracticeFiles.positive(params, "rows", 4000);
        int testRows = PracticeFiles.positive(params, "test_rows", 2000);
        Random rnd = new Random(PracticeFiles.seed(params));

        PracticeFiles.Split split = new PracticeFiles.Split(ID_COLUMN, FEATURES, TARGET, trainRows, testRows, "400000");
        for (int i = 0; i < trainRows + testRows; i++) {
            List<String> features = new ArrayList<>(FEATURES.size());
            String price = house(rnd, features);
            split.add(Integer.toString(1 + i), features, price);
        }
        split.write(publicDir, privateDir);
    }

    /** Draws one house, appends its feature cells (empty = missing) and returns its price text. */
    private static String house(Random rnd, List<String> row) {
        int hood = PracticeFiles.pick(rnd, new double[] {0.10, 0.16, 0.14, 0.15, 0.07, 0.13, 0.12, 0.13});
        int type = PracticeFiles.pick(rnd, new double[] {0.30, 0.25, 0.25, 0.20});
        double meanArea = new double[] {65, 95, 120, 165}[type];
        double area = Math.max(25, Math.round(meanArea * StrictMath.exp(0.25 * PracticeFiles.clippedGaussian(rnd, 3))));
        int rooms = (int) Math.max(1, Math.min(10, Math.round(area / 28 + 0.6 * rnd.nextGaussian())));
        int baths = (int) Math.max(1, Math.min(4, Math.round(rooms / 2.5 + 0.4 * rnd.nextGaussian())));
        int year = (int) Math.max(1890, Math.min(2024, Math.round(1975 + 28 * rnd.nextGaussian())));
        double lot = type == 0 ? Double.NaN
                : Math.round(area * new double[] {0, 1.3, 2.2, 4.0}[type] * StrictMath.exp(0.35 * rnd.nextGaussian()));
        boolean garage = rnd.nextDouble() < new double[] {0.15, 0.35, 0.6, 0.85}[type];
        int condition = PracticeFiles.pick(rnd, new double[] {0.10, 0.30, 0.42, 0.18});
        int energyRaw = (int) Math.round(2.5 + (2000 - year) / 30.0 + 1.0 * rnd.nextGaussian());
        int energy = Math.max(0, Math.min(6, energyRaw));
        double typicalDistance = new double[] {1.2, 6.5, 3.0, 9.0, 2.0, 12.0, 4.5, 8.0}[hood];
        double distance = PracticeFiles.round(
                Math.max(0.3, typicalDistance * StrictMath.exp(0.3 * rnd.nextGaussian())), 2);

        double age = 2024 - year;
        double logPrice = StrictMath.log(PRICE_PER_SQM[hood])
                + 0.92 * StrictMath.log(area)
                + new double[] {0, 0.03, 0.08, 0.15}[type]
                + new double[] {-0.25, -0.08, 0.0, 0.12}[condition]
                - 0.025 * distance
                - 0.0035 * age + (year < 1930 ? 0.18 : 0) // historic houses carry a premium
                - 0.03 * energy
                + 0.02 * (baths - 1)
                + (garage ? 0.04 : 0)
                + (Double.isNaN(lot) ? 0 : 0.05 * StrictMath.log(1 + lot / 100))
                + 0.10 * PracticeFiles.clippedGaussian(rnd, 4);
        double price = Math.round(StrictMath.exp(logPrice) / 100) * 100.0;

        row.add(NEIGHBORHOODS[hood]);
        row.add(TYPES[type]);
        row.add(PracticeFiles.fixed(area, 0));
        row.add(Integer.toString(rooms));
        row.add(Integer.toString(baths));
        row.add(rnd.nextDouble() < 0.04 ? "" : Integer.toString(year));
        row.add(Double.isNaN(lot) || rnd.nextDouble() < 0.06 ? "" : PracticeFiles.fixed(lot, 0));
        row.add(garage ? "yes" : "no");
        row.add(CONDITIONS[condition]);
        row.add(rnd.nextDouble() < 0.12 ? "" : ENERGY[energy]);
        row.add(PracticeFiles.fixed(distance, 2));
        return PracticeFiles.fixed(price, 0);
    }
}
