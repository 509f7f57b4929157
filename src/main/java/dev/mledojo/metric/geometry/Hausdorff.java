package dev.mledojo.metric.geometry;

/**
 * The exact symmetric Hausdorff distance between two non-empty masks of a {@code height x width} image whose flat
 * pixel index is column-major (row = index % height, column = index / height), with coordinates normalised by
 * (height, width) as the uw-madison grader does before calling scipy's {@code directed_hausdorff}.
 *
 * <p>Brute force is O(|A||B|); instead, the directed distance h(A, B) = max over a in A of the distance from a to B is
 * read off an exact Euclidean distance transform of B (Meijster, Roerdink and Hesselink's two-pass algorithm, in
 * integer arithmetic with per-axis weights, so no rounding happens before the final square root). The transform is
 * computed on the bounding box of A ∪ B only, which holds every pixel of B, so distances inside it are exact.
 */
final class Hausdorff {

    /** The largest supported image side: weighted squared distances then stay below 2^49. */
    static final int MAX_SIDE = 4096;

    /** Stands for "no set cell in this column": larger than any weighted squared distance, and sums stay in a long. */
    private static final long FAR = 1L << 54;

    private Hausdorff() {
    }

    /**
     * {@code max(directed_hausdorff(A, B), directed_hausdorff(B, A))} on normalised coordinates.
     *
     * @param a a non-empty mask
     * @param b a non-empty mask
     */
    static double distance(Runs a, Runs b, int height, int width) {
        long d2 = weightedSquared(a, b, height, width);
        // normalised squared distance = ((dr * width)^2 + (dc * height)^2) / (height * width)^2
        return Math.sqrt((double) d2) / ((double) height * (double) width);
    }

    /** The squared symmetric Hausdorff distance in units where a row step costs {@code width} and a column {@code height}. */
    static long weightedSquared(Runs a, Runs b, int height, int width) {
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        bounds(a, height, box);
        bounds(b, height, box);
        int r0 = box[0];
        int c0 = box[1];
        int rows = box[2] - r0 + 1;
        int cols = box[3] - c0 + 1;
        boolean[] inA = fill(a, height, r0, c0, cols, rows * cols);
        boolean[] inB = fill(b, height, r0, c0, cols, rows * cols);
        long wr = width;
        long wc = height;
        long ab = farthest(inA, inB, rows, cols, wr, wc);
        long ba = farthest(inB, inA, rows, cols, wr, wc);
        return Math.max(ab, ba);
    }

    /** Widens {box: minRow, minCol, maxRow, maxCol} to hold every pixel of the mask. */
    private static void bounds(Runs m, int height, int[] box) {
        for (int k = 0; k < m.runCount(); k++) {
            long first = m.start(k);
            long last = m.end(k) - 1;
            int firstCol = (int) (first / height);
            int lastCol = (int) (last / height);
            box[1] = Math.min(box[1], firstCol);
            box[3] = Math.max(box[3], lastCol);
            if (lastCol > firstCol) { // the run wraps from the bottom of one column to the top of the next
                box[0] = 0;
                box[2] = height - 1;
            } else {
                box[0] = Math.min(box[0], (int) (first % height));
                box[2] = Math.max(box[2], (int) (last % height));
            }
        }
    }

    private static boolean[] fill(Runs m, int height, int r0, int c0, int cols, int cells) {
        boolean[] grid = new boolean[cells];
        for (int k = 0; k < m.runCount(); k++) {
            for (long i = m.start(k); i < m.end(k); i++) {
                int r = (int) (i % height) - r0;
                int c = (int) (i / height) - c0;
                grid[r * cols + c] = true;
            }
        }
        return grid;
    }

    /**
     * The largest squared weighted distance from a cell of {@code from} to the nearest cell of {@code set} (which must
     * have one), where a step along a column (between rows) costs {@code wr} and a step along a row (between columns)
     * costs {@code wc}: the distance transform of {@code set}, evaluated only on the rows that hold cells of
     * {@code from}.
     */
    static long farthest(boolean[] from, boolean[] set, int rows, int cols, long wr, long wc) {
        // phase 1: per column, the distance in rows to the nearest set cell of that column (-1: none)
        int[] g = new int[rows * cols];
        for (int c = 0; c < cols; c++) {
            int last = -1;
            for (int r = 0; r < rows; r++) {
                if (set[r * cols + c]) {
                    last = r;
                }
                g[r * cols + c] = last < 0 ? -1 : r - last;
            }
            last = -1;
            for (int r = rows - 1; r >= 0; r--) {
                if (set[r * cols + c]) {
                    last = r;
                }
                if (last >= 0) {
                    int d = last - r;
                    int cur = g[r * cols + c];
                    if (cur < 0 || d < cur) {
                        g[r * cols + c] = d;
                    }
                }
            }
        }
        // phase 2: per row, the lower envelope of the parabolas (wc (x - i))^2 + (wr g_i)^2
        long max = 0;
        long[] g2 = new long[cols];
        int[] s = new int[cols];
        int[] t = new int[cols];
        long wc2 = wc * wc;
        for (int r = 0; r < rows; r++) {
            boolean needed = false;
            for (int c = 0; c < cols && !needed; c++) {
                needed = from[r * cols + c];
            }
            if (!needed) {
                continue;
            }
            for (int c = 0; c < cols; c++) {
                int gi = g[r * cols + c];
                g2[c] = gi < 0 ? FAR : (gi * wr) * (gi * wr);
            }
            int q = 0;
            s[0] = 0;
            t[0] = 0;
            for (int u = 1; u < cols; u++) {
                while (q >= 0 && f(t[q], s[q], g2, wc2) > f(t[q], u, g2, wc2)) {
                    q--;
                }
                if (q < 0) {
                    q = 0;
                    s[0] = u;
                } else {
                    long w = 1 + sep(s[q], u, g2, wc2);
                    if (w < cols) {
                        q++;
                        s[q] = u;
                        t[q] = (int) w;
                    }
                }
            }
            for (int u = cols - 1; u >= 0; u--) {
                if (from[r * cols + u]) {
                    max = Math.max(max, f(u, s[q], g2, wc2));
                }
                if (u == t[q]) {
                    q--;
                }
            }
        }
        return max;
    }

    private static long f(int x, int i, long[] g2, long wc2) {
        long d = x - i;
        return wc2 * d * d + g2[i];
    }

    private static long sep(int i, int u, long[] g2, long wc2) {
        long numerator = wc2 * ((long) u * u - (long) i * i) + g2[u] - g2[i];
        return Math.floorDiv(numerator, 2 * wc2 * (u - i));
    }
}
