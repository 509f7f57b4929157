package dev.mledojo.metric.geometry;

import java.util.Arrays;

import dev.mledojo.metric.PyStrings;

/**
 * A binary mask as sorted, disjoint, non-adjacent-merged half-open runs {@code [start, end)} of pixel indices, decoded
 * from a run-length encoding ("start length start length ..."). Sizes and intersections are computed on the runs,
 * never on decoded pixels, so a mask costs memory per run, not per pixel, and is exact for any image size.
 */
final class Runs {

    static final Runs EMPTY = new Runs(new long[0], new long[0], 0);

    private final long[] starts;
    private final long[] ends;
    private final int count;
    private final long size;

    private Runs(long[] starts, long[] ends, int count) {
        this.starts = starts;
        this.ends = ends;
        this.count = count;
        long s = 0;
        for (int i = 0; i < count; i++) {
            s += ends[i] - starts[i];
        }
        this.size = s;
    }

    /**
     * How a cell is decoded and what it may contain.
     *
     * @param minStart the smallest allowed start (1 for 1-based encodings, 0 for hubmap's "start >= 0")
     * @param minLength the smallest allowed run length (1, or 0 where the reference tolerates empty runs)
     * @param rejectRepeats whether a pixel covered by two runs of the cell is an error (vesuvius)
     * @param pixels the number of pixels of a fixed-size mask (1-based starts are then shifted to 0-based and runs are
     *            cut at the end of the image, as NumPy slicing does); 0 keeps the indices as given, without bound
     */
    record Rules(long minStart, long minLength, boolean rejectRepeats, long pixels) {

        /** A fixed-size mask of {@code pixels} pixels with 1-based starts. */
        static Rules fixed(long pixels, long minLength) {
            return new Rules(1, minLength, false, pixels);
        }
    }

    /**
     * Decodes one RLE cell; {@code null} or blank is the empty mask.
     *
     * @throws CellFormatException naming the problem (odd count, non-integer, start or length out of range, repeats)
     */
    static Runs parse(String cell, Rules rules) {
        if (cell == null) {
            return EMPTY;
        }
        int n = cell.length();
        long[] values = new long[16];
        int count = 0;
        int i = 0;
        while (i < n) {
            int cp = cell.codePointAt(i);
            if (PyStrings.isSpace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int from = i;
            while (i < n) {
                cp = cell.codePointAt(i);
                if (PyStrings.isSpace(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = PyNumbers.parseInt(cell.substring(from, i));
        }
        if (count == 0) {
            return EMPTY;
        }
        if (count % 2 != 0) {
            throw new CellFormatException("it has an odd number of values (" + count
                    + "); an RLE is a list of 'start length' pairs");
        }
        int pairs = count / 2;
        long[] starts = new long[pairs];
        long[] ends = new long[pairs];
        int kept = 0;
        for (int p = 0; p < pairs; p++) {
            long start = values[2 * p];
            long length = values[2 * p + 1];
            if (start < rules.minStart()) {
                throw new CellFormatException("start " + start + (rules.minStart() == 0 ? " is negative"
                        : " is below " + rules.minStart() + " (starts are 1-based)"));
            }
            if (length < rules.minLength()) {
                throw new CellFormatException("run length " + length + " at start " + start
                        + (rules.minLength() > 0 ? " is not positive" : " is negative"));
            }
            long from = start;
            long to = length > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + length;
            if (rules.pixels() > 0) {
                from = start - 1;
                to = to == Long.MAX_VALUE ? Long.MAX_VALUE : to - 1;
                to = Math.min(to, rules.pixels());
            }
            if (from < to) {
                starts[kept] = from;
                ends[kept] = to;
                kept++;
            }
        }
        return union(starts, ends, kept, rules.rejectRepeats());
    }

    /**
     * The union of runs given in any order. The starts and the ends are sorted independently: the pairs then describe
     * the same coverage count at every pixel, so the union is unchanged and two runs share a pixel exactly when some
     * start lies before the previous end.
     */
    private static Runs union(long[] starts, long[] ends, int n, boolean rejectRepeats) {
        if (n == 0) {
            return EMPTY;
        }
        long[] s = Arrays.copyOf(starts, n);
        long[] e = Arrays.copyOf(ends, n);
        Arrays.sort(s);
        Arrays.sort(e);
        long[] outS = new long[n];
        long[] outE = new long[n];
        int m = 0;
        long curS = s[0];
        long curE = e[0];
        for (int k = 1; k < n; k++) {
            if (s[k] < e[k - 1] && rejectRepeats) {
                throw new CellFormatException("pixel " + s[k] + " is covered by two runs (decoded pixels are duplicated)");
            }
            if (s[k] <= curE) {
                curE = Math.max(curE, e[k]);
            } else {
                outS[m] = curS;
                outE[m] = curE;
                m++;
                curS = s[k];
                curE = e[k];
            }
        }
        outS[m] = curS;
        outE[m] = curE;
        m++;
        return new Runs(outS, outE, m);
    }

    /**
     * The first pixel shared by two of the masks (each already a disjoint union), or -1 when they are pairwise
     * disjoint.
     */
    static long firstSharedPixel(java.util.List<Runs> masks) {
        int total = 0;
        for (Runs r : masks) {
            total += r.count;
        }
        long[] s = new long[total];
        long[] e = new long[total];
        int k = 0;
        for (Runs r : masks) {
            System.arraycopy(r.starts, 0, s, k, r.count);
            System.arraycopy(r.ends, 0, e, k, r.count);
            k += r.count;
        }
        Arrays.sort(s);
        Arrays.sort(e);
        for (int i = 1; i < total; i++) {
            if (s[i] < e[i - 1]) {
                return s[i];
            }
        }
        return -1;
    }

    /** The number of pixels. */
    long size() {
        return size;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int runCount() {
        return count;
    }

    long start(int run) {
        return starts[run];
    }

    long end(int run) {
        return ends[run];
    }

    /** {@code |a ∩ b|} by walking both run lists once. */
    static long intersection(Runs a, Runs b) {
        long total = 0;
        int i = 0;
        int j = 0;
        while (i < a.count && j < b.count) {
            long lo = Math.max(a.starts[i], b.starts[j]);
            long hi = Math.min(a.ends[i], b.ends[j]);
            if (lo < hi) {
                total += hi - lo;
            }
            if (a.ends[i] < b.ends[j]) {
                i++;
            } else {
                j++;
            }
        }
        return total;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Runs[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append(starts[i]).append("..").append(ends[i]);
        }
        return sb.append(']').toString();
    }
}
