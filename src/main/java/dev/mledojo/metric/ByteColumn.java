package dev.mledojo.metric;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * One CSV column as the bytes of its cells (UTF-8, quotes already removed) with the end of each cell, and a bit per
 * missing cell: no object per cell. Cells become {@code String}s only when asked for; numbers and the dtype are read
 * from the bytes. A row selection shares the column it selects from and keeps only the selected row numbers, an array
 * the selections of all columns of a table share.
 */
final class ByteColumn {

    /** The missing-value tokens of {@link Table#NA_TOKENS} as bytes, longest first (8 bytes). */
    private static final byte[][] NA = Table.NA_TOKENS.stream().filter(t -> !t.isEmpty())
            .map(t -> t.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    private static final int NA_MAX = Arrays.stream(NA).mapToInt(b -> b.length).max().orElse(0);

    final byte[] data;
    /** Where each cell of the read column ends (cell r starts where r - 1 ends). */
    private final int[] ends;
    private final long[] missing;
    /** The rows of the read column this column shows, or null for all of them in order. */
    private final int[] rows;
    private final int size;

    private ByteColumn(byte[] data, int[] ends, long[] missing, int[] rows) {
        this.data = data;
        this.ends = ends;
        this.missing = missing;
        this.rows = rows;
        this.size = rows != null ? rows.length : ends.length;
    }

    int size() {
        return size;
    }

    /** The row of the read column behind row r of this one. */
    private int at(int r) {
        return rows == null ? r : rows[r];
    }

    boolean isMissing(int r) {
        int b = at(r);
        return (missing[b >>> 6] & (1L << b)) != 0;
    }

    private int startOf(int b) {
        return b == 0 ? 0 : ends[b - 1];
    }

    /** The cell as text, {@code null} when missing. */
    String get(int r) {
        int b = at(r);
        if ((missing[b >>> 6] & (1L << b)) != 0) {
            return null;
        }
        int s = startOf(b);
        return new String(data, s, ends[b] - s, StandardCharsets.UTF_8);
    }

    String[] strings() {
        String[] out = new String[size];
        for (int r = 0; r < size; r++) {
            out[r] = get(r);
        }
        return out;
    }

    /**
     * The column showing the given rows of the read column ({@link #compose} turns rows of this column into those).
     */
    ByteColumn select(int[] readRows) {
        return new ByteColumn(data, ends, missing, readRows);
    }

    /** The row numbers this column shows, or null when it is the read column itself. */
    int[] rowMap() {
        return rows;
    }

    /** The rows of the read column behind {@code selected} rows of a column with row map {@code rowMap}. */
    static int[] compose(int[] rowMap, int[] selected) {
        if (rowMap == null) {
            return selected;
        }
        int[] out = new int[selected.length];
        for (int i = 0; i < selected.length; i++) {
            out[i] = rowMap[selected[i]];
        }
        return out;
    }

    /**
     * The cell as {@link Table#parseNumber} reads it, from the bytes when the cell is a plain decimal or scientific
     * number (the parser is bit-for-bit {@code Double.parseDouble}); anything else goes through the text path.
     */
    double number(int r) {
        if (isMissing(r)) {
            return Double.NaN;
        }
        int b = at(r);
        int s = startOf(b);
        int e = ends[b];
        if (plainNumber(s, e)) {
            try {
                return JavaDoubleParser.parseDouble(data, s, e - s);
            } catch (NumberFormatException notPlain) {
                // e.g. "1-2": the text path gives the same NaN as before
            }
        }
        return Table.parseNumber(get(r));
    }

    /** Starts with a digit, sign or point and ends with a digit or point: no spaces, suffixes or words. */
    private boolean plainNumber(int s, int e) {
        if (e <= s || e - s > 64) {
            return false;
        }
        byte first = data[s];
        byte last = data[e - 1];
        return ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.')
                && ((last >= '0' && last <= '9') || last == '.');
    }

    /**
     * The cell as an int64 when it is an optionally signed run of at most 18 digits (always within int64), else
     * {@link Long#MIN_VALUE} as "not such a cell" (longer runs, missing cells and anything else).
     */
    long shortInteger(int r) {
        if (isMissing(r)) {
            return Long.MIN_VALUE;
        }
        int b = at(r);
        int s = startOf(b);
        int e = ends[b];
        boolean negative = false;
        if (s < e && (data[s] == '-' || data[s] == '+')) {
            negative = data[s] == '-';
            s++;
        }
        if (s == e || e - s > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = data[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** An optionally signed run of digits of any length (what {@link Table#integerRange} looks at). */
    boolean integerToken(int r) {
        if (isMissing(r)) {
            return false;
        }
        int b = at(r);
        int s = startOf(b);
        int e = ends[b];
        if (s < e && (data[s] == '-' || data[s] == '+')) {
            s++;
        }
        if (s == e) {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (data[i] < '0' || data[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether the cell starts with a minus sign (not missing). */
    boolean negative(int r) {
        int b = at(r);
        return !isMissing(r) && ends[b] > startOf(b) && data[startOf(b)] == '-';
    }

    /** Could be a boolean spelling (True/TRUE/true/False/...): starts with T, t, F or f. */
    boolean maybeBoolean(int r) {
        int at = at(r);
        if (isMissing(r) || ends[at] == startOf(at)) {
            return false;
        }
        byte b = data[startOf(at)];
        return b == 'T' || b == 't' || b == 'F' || b == 'f';
    }

    /** Collects a column while a CSV is scanned: cells are appended, then committed one by one. */
    static final class Builder {
        private byte[] data = new byte[256];
        private int length;
        private int cellStart;
        private int[] ends = new int[64];
        private long[] missing = new long[1];
        private int size;

        void append(byte[] src, int from, int count) {
            if (length + count > data.length) {
                grow(count);
            }
            System.arraycopy(src, from, data, length, count);
            length += count;
        }

        void append(byte b) {
            if (length == data.length) {
                grow(1);
            }
            data[length++] = b;
        }

        private void grow(int atLeast) {
            long wanted = Math.max((long) data.length * 2, (long) length + atLeast);
            if (wanted > Integer.MAX_VALUE - 16) {
                wanted = Math.max((long) length + atLeast, Integer.MAX_VALUE - 16L);
                if ((long) length + atLeast > Integer.MAX_VALUE - 16) {
                    throw new InvalidSubmissionException(SubmissionErrorKind.FILE_TOO_LARGE,
                            "A column holds more than 2 GiB of text.");
                }
            }
            data = Arrays.copyOf(data, (int) wanted);
        }

        /** A copy of the bytes appended since the last commit. */
        byte[] pendingBytes() {
            return Arrays.copyOfRange(data, cellStart, length);
        }

        /** The number of bytes appended since the last commit. */
        int cellLength() {
            return length - cellStart;
        }

        /** Ends the current cell: an NA token (or nothing) becomes a missing cell. */
        void commit() {
            if (isNaToken(data, cellStart, length)) {
                length = cellStart;
                markMissing();
            }
            endCell();
        }

        /** A cell the row did not have (short rows are padded with missing cells). */
        void commitMissing() {
            length = cellStart;
            markMissing();
            endCell();
        }

        private void markMissing() {
            if ((size >>> 6) >= missing.length) {
                missing = Arrays.copyOf(missing, Math.max(missing.length * 2, (size >>> 6) + 1));
            }
            missing[size >>> 6] |= 1L << size;
        }

        private void endCell() {
            if (size == ends.length) {
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            ends[size++] = length;
            cellStart = length;
        }

        int size() {
            return size;
        }

        ByteColumn build() {
            byte[] d = length < data.length - (data.length >>> 3) ? Arrays.copyOf(data, length) : data;
            long[] m = Arrays.copyOf(missing, (size + 63) >>> 6);
            return new ByteColumn(d, Arrays.copyOf(ends, size), m, null);
        }
    }

    static boolean isNaToken(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return true;
        }
        if (n > NA_MAX) {
            return false;
        }
        byte first = b[from];
        if (first != 'N' && first != 'n' && first != '-' && first != '<' && first != '#' && first != '1') {
            return false;
        }
        for (byte[] token : NA) {
            if (token.length == n && Arrays.equals(token, 0, n, b, from, to)) {
                return true;
            }
        }
        return false;
    }
}
