package dev.mledojo.task.practice;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.metric.MetricParams;

/**
 * Daily unit sales of several items in several stores with a per-series level and trend, weekly seasonality and
 * Poisson noise; the test part is the last {@code horizon} days of every series, the training part all days before.
 *
 * <p>Parameters: {@code stores} (default 5), {@code items} (default 8), {@code days} (history length, default 168),
 * {@code horizon} (default 28), {@code start} (first date, default 2023-01-02), {@code seed} (default 7); an optional
 * {@code rows} states the training row count and must equal stores x items x days.
 */
@ApplicationScoped
public class TimeseriesForecastingGenerator implements DataGenerator {

    public static final String ID = "timeseries-forecasting";
    public static final String ID_COLUMN = "id";
    public static final String TARGET = "sales";
    public static final List<String> KEYS = List.of("date", "store", "item");

    /** Monday-to-Sunday shape shared by all series, perturbed per item. */
    private static final double[] WEEK = {0.82, 0.86, 0.92, 0.98, 1.12, 1.38, 0.92};

    @Override
    public String id() {
        return ID;
    }

    /** The id of one (store, item, date) row. */
    public static String rowId(int store, int item, LocalDate date) {
        return store + "_" + item + "_" + date;
    }

    @Override
    public void generate(MetricParams params, Path publicDir, Path privateDir) {
        int stores = PracticeFiles.positive(params, "stores", 5);
        int items = PracticeFiles.positive(params, "items", 8);
        int days = PracticeFiles.positive(params, "days", 168);
        int horizon = PracticeFiles.positive(params, "horizon", 28);
        LocalDate start = LocalDate.parse(params.string("start", "2023-01-02"));
        if (params.has("rows") && params.integer("rows", 0) != stores * items * days) {
            throw new IllegalArgumentException("generator parameter 'rows' (" + params.integer("rows", 0)
                    + ") must equal stores x items x days = " + stores * items * days);
        }
        Random rnd = new Random(PracticeFiles.seed(params));

        double[] storeFactor = new double[stores];
        for (int s = 0; s < stores; s++) {
            storeFactor[s] = StrictMath.exp(0.35 * PracticeFiles.clippedGaussian(rnd, 2.5));
        }
        double[] itemFactor = new double[items];
        double[][] itemWeek = new double[items][7];
        for (int i = 0; i < items; i++) {
            itemFactor[i] = StrictMath.exp(0.6 * PracticeFiles.clippedGaussian(rnd, 2.5));
            double weekendBoost = 0.5 + rnd.nextDouble();
            for (int d = 0; d < 7; d++) {
                itemWeek[i][d] = 1 + (WEEK[d] - 1) * weekendBoost;
            }
        }

        List<List<String>> train = new ArrayList<>();
        List<List<String>> test = new ArrayList<>();
        List<List<String>> answers = new ArrayList<>();
        List<List<String>> sample = new ArrayList<>();
        for (int s = 0; s < stores; s++) {
            for (int i = 0; i < items; i++) {
                double level = 24 * storeFactor[s] * itemFactor[i];
                double slope = 0.0010 + 0.0012 * PracticeFiles.clippedGaussian(rnd, 2.5); // per day, multiplicative
                double noise = 0.06 + 0.08 * rnd.nextDouble();
                for (int t = 0; t < days + horizon; t++) {
                    LocalDate date = start.plusDays(t);
                    int weekday = date.getDayOfWeek().getValue() - 1;
                    double mean = level * StrictMath.exp(slope * t) * itemWeek[i][weekday]
                            * StrictMath.exp(noise * PracticeFiles.clippedGaussian(rnd, 3));
                    int sales = PracticeFiles.poisson(rnd, mean);
                    String id = rowId(s + 1, i + 1, date);
                    String store = Integer.toString(s + 1);
                    String item = Integer.toString(i + 1);
                    if (t < days) {
                        train.add(List.of(id, date.toString(), store, item, Integer.toString(sales)));
                    } else {
                        test.add(List.of(id, date.toString(), store, item));
                        answers.add(List.of(id, Integer.toString(sales)));
                        sample.add(List.of(id, "10"));
                    }
                }
            }
        }
        List<String> keys = new ArrayList<>();
        keys.add(ID_COLUMN);
        keys.addAll(KEYS);
        List<String> trainHeader = new ArrayList<>(keys);
        trainHeader.add(TARGET);
        PracticeFiles.write(publicDir, PracticeFiles.TRAIN, trainHeader, train);
        PracticeFiles.write(publicDir, PracticeFiles.TEST, keys, test);
        PracticeFiles.write(publicDir, PracticeFiles.SAMPLE_SUBMISSION, List.of(ID_COLUMN, TARGET), sample);
        PracticeFiles.write(privateDir, PracticeFiles.ANSWERS, List.of(ID_COLUMN, TARGET), answers);
    }
}
