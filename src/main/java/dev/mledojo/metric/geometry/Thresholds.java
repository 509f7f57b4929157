package dev.mledojo.metric.geometry;

/** Threshold lists as the reference builds them. */
final class Thresholds {

    private Thresholds() {
    }

    /**
     * NumPy's {@code np.arange(start, stop, step)} for doubles: {@code ceil((stop - start) / step)} values, the
     * first two being {@code start} and {@code start + step}, the rest {@code start + i * delta} with
     * {@code delta = (start + step) - start}. For (0.5, 1.0, 0.05) that is 0.5, 0.55, 0.6000000000000001, ...,
     * 0.9500000000000004 (the drift METRICS.md describes).
     */
    static double[] npArange(double start, double stop, double step) {
        int n = (int) Math.ceil((stop - start) / step);
        double[] out = new double[Math.max(n, 0)];
        double delta = (start + step) - start;
        for (int i = 0; i < out.length; i++) {
            out[i] = i == 1 ? start + step : start + i * delta;
        }
        return out;
    }

    /** The IoU thresholds of airbus and tgs: {@code np.arange(0.5, 1.0, 0.05)}. */
    static double[] iouSweep() {
        return npArange(0.5, 1.0, 0.05);
    }
}
