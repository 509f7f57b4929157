package dev.mledojo.task.practice.reference;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.mledojo.metric.Stats;
import dev.mledojo.task.practice.PracticeFiles;
import dev.mledojo.task.practice.TimeseriesForecastingGenerator;

/**
 * Reference solutions of {@code practice-timeseries-forecasting}: constants, recent means and medians, (seasonal) naive
 * forecasts, weekday profiles and a damped log-linear trend.
 */
public final class ForecastReferences {

    /** The median, 0 for no values (a series without history forecasts 0). */
    static double median(double[] values) {
        return values.length == 0 ? 0 : Stats.median(values);
    }

    private static final String TARGET = TimeseriesForecastingGenerator.TARGET;

    private ForecastReferences() {
    }

    /** Every solution on the board, weakest families first. */
    public static List<ReferenceSolution> all() {
        List<ReferenceSolution> out = new ArrayList<>();
        out.add(new ReferenceSolution("sample-submission(10)", d -> constantAll(d, 10)));
        out.add(new ReferenceSolution("global-mean", d -> {
            double[] y = d.train().numbers(TARGET);
            return constantAll(d, Arrays.stream(y).sum() / y.length);
        }));
        out.add(forecast("naive(last-value)", (s, h, wd) -> s.values[s.values.length - 1]));
        for (int k : new int[] {7, 14, 28, 56, 168}) {
            out.add(forecast("series-mean(last=" + k + ")", (s, h, wd) -> mean(s.tail(k))));
        }
        for (int k : new int[] {7, 28, 56}) {
            out.add(forecast("series-median(last=" + k + ")", (s, h, wd) -> median(s.tail(k))));
        }
        out.add(forecast("seasonal-naive(last-week)", (s, h, wd) -> s.weekday(wd, 1)[0]));
        for (int weeks : new int[] {2, 4, 8, 12}) {
            out.add(forecast("seasonal-mean(weeks=" + weeks + ")", (s, h, wd) -> mean(s.weekday(wd, weeks))));
        }
        for (int weeks : new int[] {3, 5, 8}) {
            out.add(forecast("seasonal-median(weeks=" + weeks + ")", (s, h, wd) -> median(s.weekday(wd, weeks))));
        }
        for (int k : new int[] {14, 28, 56}) {
            out.add(forecast("level(last=" + k + ")*weekday-profile(weeks=8)",
                    (s, h, wd) -> mean(s.tail(k)) * s.profile(8)[wd]));
        }
        for (int profileWeeks : new int[] {12, 16}) {
            out.add(forecast("level(last=28)*weekday-profile(weeks=" + profileWeeks + ")",
                    (s, h, wd) -> mean(s.tail(28)) * s.profile(profileWeeks)[wd]));
        }
        for (double alpha : new double[] {0.05, 0.15, 0.4}) {
            out.add(forecast("exp-smoothing(alpha=" + alpha + ")*weekday-profile(weeks=8)",
                    (s, h, wd) -> s.smoothedLevel(alpha, 8) * s.profile(8)[wd]));
        }
        for (int weeks : new int[] {6, 12, 24}) {
            out.add(forecast("log-trend(weeks=" + weeks + ")*weekday-profile(weeks=8)",
                    (s, h, wd) -> s.trend(weeks, h) * s.profile(8)[wd]));
        }
        out.add(forecast("log-trend(weeks=12, damped)*weekday-profile(weeks=12)",
                (s, h, wd) -> (0.5 * s.trend(12, h) + 0.5 * mean(s.tail(28))) * s.profile(12)[wd]));
        return out;
    }

    /** A forecast of one series for one test day. */
    @FunctionalInterface
    interface SeriesForecast {
        /**
         * @param series the training history
         * @param horizon days after the last training day (1 = the next day)
         * @param weekday 0 = Monday ... 6 = Sunday
         */
        double predict(Series series, int horizon, int weekday);
    }

    /** One store-item history: the sales of consecutive days and the weekday of the last day. */
    static final class Series {
        final double[] values;
        final LocalDate last;
        private final Map<Integer, double[]> profiles = new TreeMap<>();

        Series(double[] values, LocalDate last) {
            this.values = values;
            this.last = last;
        }

        double[] tail(int k) {
            int n = Math.min(k, values.length);
            return Arrays.copyOfRange(values, values.length - n, values.length);
        }

        /** The values of the last {@code weeks} days that fell on {@code weekday}, most recent first. */
        double[] weekday(int weekday, int weeks) {
            int lastWeekday = last.getDayOfWeek().getValue() - 1;
            int back = Math.floorMod(lastWeekday - weekday, 7);
            List<Double> out = new ArrayList<>();
            for (int i = values.length - 1 - back; i >= 0 && out.size() < weeks; i -= 7) {
                out.add(values[i]);
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** Mean of each weekday over the last {@code weeks} weeks divided by the overall mean of those weeks. */
        double[] profile(int weeks) {
            return profiles.computeIfAbsent(weeks, w -> {
                double[] p = new double[7];
                double overall = mean(tail(7 * w));
                for (int d = 0; d < 7; d++) {
                    p[d] = overall == 0 ? 1 : mean(weekday(d, w)) / overall;
                }
                return p;
            });
        }

        /** Exponentially smoothed level of the weekday-adjusted history. */
        double smoothedLevel(double alpha, int profileWeeks) {
            double[] p = profile(profileWeeks);
            int firstWeekday = Math.floorMod(last.getDayOfWeek().getValue() - 1 - (values.length - 1), 7);
            double level = values[0] / Math.max(1e-9, p[firstWeekday]);
            for (int i = 1; i < values.length; i++) {
                double adjusted = values[i] / Math.max(1e-9, p[(firstWeekday + i) % 7]);
                level = alpha * adjusted + (1 - alpha) * level;
            }
            return level;
        }

        /** A straight line through the log weekly means of the last {@code weeks} weeks, extrapolated. */
        double trend(int weeks, int horizon) {
            int w = Math.min(weeks, values.length / 7);
            double[] x = new double[w];
            double[] y = new double[w];
            for (int k = 0; k < w; k++) {
                int end = values.length - 7 * (w - 1 - k);
                double m = mean(Arrays.copyOfRange(values, end - 7, end));
                x[k] = end - 4; // the middle day of the week, counted from the series start
                y[k] = StrictMath.log(m + 1);
            }
            double mx = mean(x);
            double my = mean(y);
            double sxy = 0;
            double sxx = 0;
            for (int k = 0; k < w; k++) {
                sxy += (x[k] - mx) * (y[k] - my);
                sxx += (x[k] - mx) * (x[k] - mx);
            }
            double slope = sxx == 0 ? 0 : sxy / sxx;
            double at = values.length - 1 + horizon;
            return Math.max(0, StrictMath.exp(my + slope * (at - mx)) - 1);
        }
    }

    private static String[] constantAll(PublicData d, double value) {
        String[] out = new String[d.test().rowCount()];
        Arrays.fill(out, PracticeFiles.fixed(value, 2));
        return out;
    }

    private static ReferenceSolution forecast(String name, SeriesForecast model) {
        return new ReferenceSolution(name, d -> {
            Map<String, Series> series = series(d);
            String[] dates = d.test().column("date");
            String[] stores = d.test().column("store");
            String[] items = d.test().column("item");
            String[] out = new String[dates.length];
            for (int i = 0; i < dates.length; i++) {
                Series s = series.get(stores[i] + "_" + items[i]);
                LocalDate date = LocalDate.parse(dates[i]);
                int horizon = (int) ChronoUnit.DAYS.between(s.last, date);
                double value = model.predict(s, horizon, date.getDayOfWeek().getValue() - 1);
                out[i] = PracticeFiles.fixed(Math.max(0, value), 2);
            }
            return out;
        });
    }

    /** The training history of every series, keyed {@code store_item}, in date order. */
    static Map<String, Series> series(PublicData d) {
        String[] dates = d.train().column("date");
        String[] stores = d.train().column("store");
        String[] items = d.train().column("item");
        double[] sales = d.train().numbers(TARGET);
        Map<String, TreeMap<LocalDate, Double>> byKey = new TreeMap<>();
        for (int i = 0; i < dates.length; i++) {
            byKey.computeIfAbsent(stores[i] + "_" + items[i], k -> new TreeMap<>())
                    .put(LocalDate.parse(dates[i]), sales[i]);
        }
        Map<String, Series> out = new TreeMap<>();
        for (Map.Entry<String, TreeMap<LocalDate, Double>> e : byKey.entrySet()) {
            double[] values = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
            out.put(e.getKey(), new Series(values, e.getValue().lastKey()));
        }
        return out;
    }

    static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return values.length == 0 ? 0 : s / values.length;
    }
}
