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
    /**
     * Where each cell of the read column ends (cell r starts where r - 1 ends), or null when every cell has the same
     * {@link #width} (one-hot 0/1 columns, fixed-width ids: 4 bytes a cell saved).
     */
    private final int[] ends;
    private final int width;
    private final long[] missing;
    /** The rows of the read column this column shows, or null for all of them in order. */
    private final int[] rows;
    private final int size;
    /** The number of cells of the read column. */
    private final int cells;

    private ByteColumn(byte[] data, int[] ends, int width, int cells, long[] missing, int[] rows) {
        this.data = data;
        this.ends = ends;
        this.width = width;
        this.missing = missing;
        this.rows = rows;
        this.cells = cells;
        this.size = rows != null ? rows.length : cells;
    }

    /** The number of cells of the read column. */
    private int cells() {
        return cells;
    }

    /**
     * This column without its text, for a table that keeps the column's numbers instead ({@link Table#keepOnlyNumbers}):
     * only {@link #isMissing}, {@link #size}, {@link #rowMap} and {@link #select} remain; the bytes and cell ends are
     * no longer referenced from here.
     */
    ByteColumn withoutText() {
        return new ByteColumn(null, null, 0, cells, missing, rows);
    }

    /** Whether this column still has its text (see {@link #withoutText}). */
    boolean hasText() {
        return data != null;
    }

    /** Every cell has the same width (no end offsets kept). */
    boolean fixedWidth() {
        return ends == null;
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
        return ends == null ? b * width : b == 0 ? 0 : ends[b - 1];
    }

    private int endOf(int b) {
        return ends == null ? (b + 1) * width : ends[b];
    }

    /** The cell as text, {@code null} when missing. */
    String get(int r) {
        int b = at(r);
        if ((missing[b >>> 6] & (1L << b)) != 0) {
            return null;
        }
        int s = startOf(b);
        return new String(data, s, endOf(b) - s, StandardCharsets.UTF_8);
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
        return new ByteColumn(data, ends, width, cells(), missing, readRows);
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
        int e = endOf(b);
        if (plainNumber(s, e)) {
            try {
                return JavaDoubleParser.parseDouble(data, s, e - s);
            } catch (NumberFormatException notPlain) {
                // e.g. "1-2": the text path gives the same NaN as before
            }
        }
        return Table.parseNumber(get(r));
    }

    /**
     * Every cell of the read column in read order, as {@link #number} reads it, when each is a plain number or missing;
     * null as soon as one is not (then the caller reads cell by cell, for the same values and the same refusal). Read
     * in file order, the bytes stream through the cache; a selection in another order (a submission aligned to the
     * answers) gathers from the result instead of jumping through hundreds of MB of bytes (a cache and TLB miss per
     * cell: most of a wide grade's time).
     */
    double[] readOrderNumbers() {
        int n = cells();
        double[] out = new double[n];
        for (int b = 0; b < n; b++) {
            if ((missing[b >>> 6] & (1L << b)) != 0) {
                out[b] = Double.NaN;
                continue;
            }
            int s = startOf(b);
            int e = endOf(b);
            if (!plainNumber(s, e)) {
                return null;
            }
            try {
                out[b] = JavaDoubleParser.parseDouble(data, s, e - s);
            } catch (NumberFormatException notPlain) {
                return null;
            }
        }
        return out;
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
        int e = endOf(b);
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
        int e = endOf(b);
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
        return !isMissing(r) && endOf(b) > startOf(b) && data[startOf(b)] == '-';
    }

    /** Could be a boolean spelling (True/TRUE/true/False/...): starts with T, t, F or f. */
    boolean maybeBoolean(int r) {
        int at = at(r);
        if (isMissing(r) || endOf(at) == startOf(at)) {
            return false;
        }
        byte b = data[startOf(at)];
        return b == 'T' || b == 't' || b == 'F' || b == 'f';
    }

    /**
     * Collects a column while a CSV is scanned: cells are appended, then committed one by one. Bytes and cell ends go
     * into chunks that are never copied while the column grows (a doubling array would need its old and new copies at
     * once: three times the column for a moment); {@link #build} joins them into exact-size arrays, giving each chunk
     * back as soon as it is copied, so reading a file needs about its own size plus one chunk.
     */
    static final class Builder {
        /**
         * Chunks start small (most columns of small files) and stop growing at this size: below half of G1's smallest
         * region (1 MiB), so a chunk is never a humongous object (which takes whole regions: a 1 MiB chunk took two).
         */
        private static final int MAX_CHUNK = 1 << 18;

        private final java.util.ArrayList<byte[]> full = new java.util.ArrayList<>();
        private byte[] data = new byte[256];
        private int used;          // bytes used in data
        private long length;       // bytes of all chunks and data
        private long cellStart;
        private final java.util.ArrayList<int[]> fullEnds = new java.util.ArrayList<>();
        private int[] ends = new int[64];
        private int endsUsed;
        private long[] missing = new long[1];
        private int size;

        void append(byte[] src, int from, int count) {
            while (count > 0) {
                if (used == data.length) {
                    nextChunk();
                }
                int n = Math.min(count, data.length - used);
                System.arraycopy(src, from, data, used, n);
                used += n;
                length += n;
                from += n;
                count -= n;
            }
        }

        void append(byte b) {
            if (used == data.length) {
                nextChunk();
            }
            data[used++] = b;
            length++;
        }

        private void nextChunk() {
            if (length > Integer.MAX_VALUE - 16 - MAX_CHUNK) {
                throw new InvalidSubmissionException(SubmissionErrorKind.FILE_TOO_LARGE,
                        "A column holds more than 2 GiB of text.");
            }
            full.add(data);
            data = new byte[Math.min(MAX_CHUNK, data.length * 2)];
            used = 0;
        }

        /** The bytes appended since the last commit. */
        byte[] pendingBytes() {
            int n = cellLength();
            byte[] out = new byte[n];
            // the cell's tail is in data, its head possibly in the chunks before
            int inData = Math.min(n, used);
            System.arraycopy(data, used - inData, out, n - inData, inData);
            int left = n - inData;
            for (int c = full.size() - 1; left > 0; c--) {
                byte[] chunk = full.get(c);
                int k = Math.min(left, chunk.length);
                System.arraycopy(chunk, chunk.length - k, out, left - k, k);
                left -= k;
            }
            return out;
        }

        /** The number of bytes appended since the last commit. */
        int cellLength() {
            return (int) (length - cellStart);
        }

        /** Ends the current cell: an NA token (or nothing) becomes a missing cell. */
        void commit() {
            int n = cellLength();
            boolean na = n == 0 || (n <= NA_MAX && (n <= used ? isNaToken(data, used - n, used)
                    : isNaToken(pendingBytes(), 0, n)));
            if (na) {
                dropCell();
                markMissing();
            }
            endCell();
        }

        /** A cell the row did not have (short rows are padded with missing cells). */
        void commitMissing() {
            dropCell();
            markMissing();
            endCell();
        }

        /** Forgets the current cell without counting it (a field beyond the header's columns). */
        void skipCell() {
            dropCell();
        }

        /** Forgets the bytes of the current cell (they may reach back into earlier chunks). */
        private void dropCell() {
            while (length - cellStart > used) {
                length -= used;
                data = full.remove(full.size() - 1);
                used = data.length;
            }
            used -= (int) (length - cellStart);
            length = cellStart;
        }

        private void markMissing() {
            if ((size >>> 6) >= missing.length) {
                missing = Arrays.copyOf(missing, Math.max(missing.length * 2, (size >>> 6) + 1));
            }
            missing[size >>> 6] |= 1L << size;
        }

        private void endCell() {
            if (endsUsed == ends.length) {
                fullEnds.add(ends);
                ends = new int[Math.min(MAX_CHUNK / 4, ends.length * 2)];
                endsUsed = 0;
            }
            ends[endsUsed++] = (int) length;
            size++;
            cellStart = length;
        }

        int size() {
            return size;
        }

        /** The column; the builder is spent (its chunks are given back while they are joined). */
        ByteColumn build() {
            byte[] d = new byte[(int) length];
            int at = 0;
            for (int c = 0; c < full.size(); c++) {
                byte[] chunk = full.set(c, null);
                System.arraycopy(chunk, 0, d, at, chunk.length);
                at += chunk.length;
            }
            System.arraycopy(data, 0, d, at, used);
            int[] e = new int[size];
            at = 0;
            for (int c = 0; c < fullEnds.size(); c++) {
                int[] chunk = fullEnds.set(c, null);
                System.arraycopy(chunk, 0, e, at, chunk.length);
                at += chunk.length;
            }
            System.arraycopy(ends, 0, e, at, endsUsed);
            full.clear();
            fullEnds.clear();
            data = null;
            ends = null;
            int w = size == 0 ? 0 : e[0];
            boolean fixed = true;
            for (int i = 0; i < size && fixed; i++) {
                fixed = e[i] == (long) (i + 1) * w;
            }
            long[] m = Arrays.copyOf(missing, (size + 63) >>> 6);
            return fixed && w > 0 ? new ByteColumn(d, null, w, size, m, null) : new ByteColumn(d, e, -1, size, m, null);
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
