package dev.mledojo.metric.classification;

/** Primitive, allocation-light sorting helpers shared by the ranking metrics (no boxing in hot loops). */
final class Sorting {

    private Sorting() {
    }

    /**
     * The sort key NumPy effectively uses: {@code -0.0} equals {@code 0.0} (ties), NaN sorts last. Adding
     * {@code 0.0} turns {@code -0.0} into {@code 0.0}; {@link Double#compare} already puts NaN last.
     */
    static double key(double x) {
        return x + 0.0;
    }

    /** Row indices ordered by ascending key, stable among ties (equal keys keep their row order), NaN last. */
    static int[] stableAscending(double[] keys) {
        int n = keys.length;
        double[] k = new double[n];
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            k[i] = key(keys[i]);
            idx[i] = i;
        }
        int[] tmp = new int[n];
        mergeSort(idx, tmp, k, 0, n);
        return idx;
    }

    private static void mergeSort(int[] a, int[] tmp, double[] k, int from, int to) {
        int len = to - from;
        if (len < 24) {
            for (int i = from + 1; i < to; i++) { // insertion sort: stable
                int v = a[i];
                double kv = k[v];
                int j = i - 1;
                while (j >= from && Double.compare(k[a[j]], kv) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, k, from, mid);
        mergeSort(a, tmp, k, mid, to);
        if (Double.compare(k[a[mid - 1]], k[a[mid]]) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, len);
        int i = from;
        int j = mid;
        int o = from;
        while (i < mid && j < to) {
            a[o++] = Double.compare(k[tmp[j]], k[tmp[i]]) < 0 ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            a[o++] = tmp[i++];
        }
        while (j < to) {
            a[o++] = tmp[j++];
        }
    }

    /** Compares strings the way Python does (by code point), which differs from UTF-16 order above U+FFFF. */
    static int comparePython(String a, String b) {
        return dev.mledojo.metric.PyStrings.compare(a, b);
    }
}
