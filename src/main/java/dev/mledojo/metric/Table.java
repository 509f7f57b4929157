package dev.mledojo.metric;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An immutable table read from CSV the way pandas' {@code read_csv} sees it: a header and text cells, with the
 * pandas missing-value tokens turned into {@code null}, and a per-column dtype inferred on demand.
 *
 * <p>Cells are stored column-wise: a table read from CSV keeps each column as bytes ({@link ByteColumn}, no object per
 * cell), numbers and dtypes are read from the bytes, and text cells become {@code String}s the first time a caller
 * asks for a column's cells. Arrays returned by accessors are shared, not copied: callers must not modify them.
 */
public final class Table {

    /** The tokens pandas 2.2 reads as missing (plus the empty field). */
    public static final Set<String> NA_TOKENS = Set.of("", "NA", "N/A", "n/a", "NULL", "null", "NaN", "nan", "-NaN",
            "-nan", "None", "<NA>", "#N/A", "#N/A N/A", "#NA", "1.#IND", "-1.#IND", "1.#QNAN", "-1.#QNAN");

    private final List<String> columns;
    /** Text cells per column: given, or made from {@link #bytes} on first use (safely published). */
    private final AtomicReferenceArray<String[]> cells;
    /** The bytes of columns read from CSV (null entries for columns built from text). */
    private final ByteColumn[] bytes;
    private final int rowCount;
    private final Map<String, Integer> index = new HashMap<>();
    private final ColumnType[] types;
    /**
     * Columns already parsed by {@link #numbers}, kept so that the parts of a grade (feedback, final, all rows) parse
     * each column once; shared by concurrent grades of cached answers, hence an atomic array (safe publication).
     */
    private final AtomicReferenceArray<double[]> parsed;
    /**
     * Columns whose text is let go once they are parsed as numbers ({@link #keepOnlyNumbers}); a grade's own table,
     * never shared between threads.
     */
    private final boolean[] numbersOnly;

    private Table(List<String> columns, String[][] cells, int rowCount) {
        this(columns, cells, new ByteColumn[columns.size()], rowCount);
    }

    private Table(List<String> columns, String[][] cells, ByteColumn[] bytes, int rowCount) {
        this.columns = List.copyOf(columns);
        this.cells = new AtomicReferenceArray<>(cells);
        this.bytes = bytes;
        this.rowCount = rowCount;
        this.parsed = new AtomicReferenceArray<>(columns.size());
        this.numbersOnly = new boolean[columns.size()];
        this.types = new ColumnType[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            index.putIfAbsent(columns.get(i), i);
        }
    }

    /** Builds a table from rows of raw text; NA tokens become missing, short rows are padded with missing cells. */
    public static Table ofRows(List<String> columns, List<String[]> rows) {
        String[][] cells = new String[columns.size()][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int c = 0; c < columns.size(); c++) {
                cells[c][r] = c < row.length ? normalise(row[c]) : null;
            }
        }
        return new Table(columns, cells, rows.size());
    }

    /** A table of columns read from CSV bytes (see {@link CsvScanner}). */
    static Table ofByteColumns(List<String> columns, List<ByteColumn> columnBytes, int rowCount) {
        return new Table(columns, new String[columns.size()][], columnBytes.toArray(ByteColumn[]::new), rowCount);
    }

    /** Builds a table from raw text columns (each array is one column, all of the same length). */
    public static Table ofColumns(List<String> columns, List<String[]> columnCells) {
        int n = columnCells.isEmpty() ? 0 : columnCells.get(0).length;
        String[][] cells = new String[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            String[] src = columnCells.get(c);
            if (src.length != n) {
                throw new IllegalArgumentException("column " + columns.get(c) + " has " + src.length + " cells, not " + n);
            }
            String[] copy = new String[n];
            for (int r = 0; r < n; r++) {
                copy[r] = normalise(src[r]);
            }
            cells[c] = copy;
        }
        return new Table(columns, cells, n);
    }

    /** Convenience for tests: {@code Table.of("id,y", "1,0.5", "2,0.1")}. */
    public static Table of(String header, String... rows) {
        List<String> cols = Arrays.asList(header.split(",", -1));
        List<String[]> parsed = new ArrayList<>();
        for (String row : rows) {
            parsed.add(row.split(",", -1));
        }
        return ofRows(cols, parsed);
    }

    static String normalise(String raw) {
        return raw == null || NA_TOKENS.contains(raw) ? null : raw;
    }

    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return rowCount;
    }

    public boolean hasColumn(String name) {
        return index.containsKey(name);
    }

    /** The column's position, or fails with a message naming the column. */
    public int columnIndex(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new InvalidSubmissionException(SubmissionErrorKind.MISSING_COLUMNS,
                    "Missing required columns in submission: " + name + ".");
        }
        return i;
    }

    /** Raw cells of a column ({@code null} = missing). */
    public String[] column(String name) {
        return column(columnIndex(name));
    }

    /** Raw cells of the column at a position. */
    public String[] column(int position) {
        String[] done = cells.get(position);
        if (done == null) {
            done = text(position).strings();
            cells.set(position, done);
        }
        return done;
    }

    /**
     * The column's bytes.
     *
     * @throws IllegalStateException when the column is kept as numbers only ({@link #keepOnlyNumbers}): reading its
     *         text then is a mistake of the metric that declared it reads the column only as numbers
     */
    private ByteColumn text(int c) {
        ByteColumn b = bytes[c];
        if (b != null && !b.hasText()) {
            throw new IllegalStateException("Column '" + columns.get(c) + "' is kept as numbers only: its text was "
                    + "let go after parsing (Metric.readsPredictionsOnlyAsNumbers)");
        }
        return b;
    }

    public String cell(String column, int row) {
        int c = columnIndex(column);
        String[] done = cells.get(c);
        return done != null ? done[row] : text(c).get(row);
    }

    /** The dtype pandas would infer for the column. */
    public ColumnType type(String name) {
        return type(columnIndex(name));
    }

    public ColumnType type(int position) {
        ColumnType t = types[position];
        if (t == null) {
            t = bytes[position] != null && cells.get(position) == null ? infer(text(position)) : infer(column(position));
            types[position] = t;
        }
        return t;
    }

    /**
     * The column as doubles: missing cells are NaN, booleans are 1/0.
     *
     * @throws InvalidSubmissionException (unparsable value) naming the first cell that is not a number
     */
    public double[] numbers(String name) {
        return numbersReadOnly(name).clone(); // callers may clip or sort in place
    }

    /**
     * {@link #numbers} without the copy: the table's own parsed column, shared with every other caller, for code that
     * only reads it. Never modify the returned array.
     */
    public double[] numbersReadOnly(String name) {
        int c = columnIndex(name);
        double[] done = parsed.get(c);
        if (done == null) {
            done = parse(name, c);
            parsed.set(c, done);
            if (numbersOnly[c]) {
                dropText(c);
            }
        }
        return done;
    }

    /**
     * From now on these columns are read only as numbers: once parsed (now, for those already parsed) a column keeps
     * its doubles and lets its bytes go, so a large submission holds 8 bytes a cell instead of its text and cell ends.
     * Which cells were missing stays known ({@link #missingCells}); reading the text of such a column afterwards
     * ({@link #column}, {@link #cell}, {@link #strings}, an undetermined {@link #type}) is an
     * {@link IllegalStateException}. Only for a table no other code holds (a grade's aligned submission).
     */
    public void keepOnlyNumbers(java.util.Collection<String> names) {
        for (String name : names) {
            int c = columnIndex(name);
            numbersOnly[c] = true;
            if (parsed.get(c) != null) {
                dropText(c);
            }
        }
    }

    private void dropText(int c) {
        if (bytes[c] != null && cells.get(c) == null) {
            bytes[c] = bytes[c].withoutText();
        }
    }

    /** The rows whose cell is missing (an NA token or empty), also for a column kept as numbers only. */
    public java.util.BitSet missingCells(String name) {
        int c = columnIndex(name);
        java.util.BitSet out = new java.util.BitSet(rowCount);
        String[] col = cells.get(c);
        for (int r = 0; r < rowCount; r++) {
            if (col != null ? col[r] == null : bytes[c].isMissing(r)) {
                out.set(r);
            }
        }
        return out;
    }

    private double[] parse(String name, int c) {
        ByteColumn raw = cells.get(c) == null ? text(c) : null;
        if (raw != null && raw.rowMap() != null) {
            double[] inReadOrder = raw.readOrderNumbers();
            if (inReadOrder != null) {
                int[] map = raw.rowMap();
                double[] out = new double[rowCount];
                for (int r = 0; r < rowCount; r++) {
                    out[r] = inReadOrder[map[r]];
                }
                return out;
            }
        }
        String[] col = raw == null ? column(c) : null;
        double[] out = new double[rowCount];
        for (int r = 0; r < rowCount; r++) {
            double v;
            String s;
            if (raw != null) {
                v = raw.number(r);
                if (!Double.isNaN(v) || raw.isMissing(r)) {
                    out[r] = v;
                    continue;
                }
                s = raw.get(r);
            } else {
                s = col[r];
                if (s == null) {
                    out[r] = Double.NaN;
                    continue;
                }
                v = parseNumber(s);
            }
            if (Double.isNaN(v)) {
                Boolean b = parseBoolean(s);
                if (b == null) {
                    throw new InvalidSubmissionException(SubmissionErrorKind.UNPARSABLE_VALUE,
                            "Column '" + name + "' must be numeric, but row " + (r + 1) + " holds '" + abbreviate(s)
                                    + "'.");
                }
                v = b ? 1 : 0;
            }
            out[r] = v;
        }
        return out;
    }

    /**
     * The column's values when pandas reads it as int64 with no missing cell (its dtype is {@link ColumnType#INTEGER}
     * and every value fits int64), else {@code null}. Two such columns render equal texts ({@link #strings}) exactly
     * where their values are equal, so ids can be matched as numbers.
     */
    public long[] int64s(String name) {
        int c = columnIndex(name);
        if (type(c) != ColumnType.INTEGER) {
            return null;
        }
        ByteColumn raw = cells.get(c) == null ? text(c) : null;
        String[] col = raw == null ? column(c) : null;
        long[] out = new long[rowCount];
        for (int r = 0; r < rowCount; r++) {
            long v = raw != null ? raw.shortInteger(r) : Long.MIN_VALUE;
            if (v == Long.MIN_VALUE) {
                String cell = raw != null ? raw.get(r) : col[r];
                if (cell == null || integerRange(cell) != IntegerRange.INT64) {
                    return null; // a uint64 value: matched as text
                }
                v = Long.parseLong(cell.charAt(0) == '+' ? cell.substring(1) : cell);
            }
            out[r] = v;
        }
        return out;
    }

    /**
     * The column as pandas' {@code astype(str)} would render it after {@code read_csv}: integers without leading
     * zeros, floats in Python repr ({@code 12.0}), booleans as {@code True}/{@code False}, missing as {@code nan}.
     */
    public String[] strings(String name) {
        int c = columnIndex(name);
        ColumnType t = type(c);
        String[] col = cells.get(c);
        ByteColumn raw = col == null ? text(c) : null; // rendered from the bytes: the raw cells are not kept
        String[] out = new String[rowCount];
        for (int r = 0; r < rowCount; r++) {
            out[r] = render(raw != null ? raw.get(r) : col[r], t);
        }
        return out;
    }

    /** One cell rendered as in {@link #strings(String)}. */
    public static String render(String cell, ColumnType type) {
        if (cell == null) {
            return "nan";
        }
        return switch (type) {
            case INTEGER -> integerText(cell);
            case FLOAT -> PyFormat.repr(parseNumber(cell));
            case BOOLEAN -> Boolean.TRUE.equals(parseBoolean(cell)) ? "True" : "False";
            case TEXT -> cell;
        };
    }

    /** A new table with the rows in the given order (indices into this table). */
    public Table selectRows(int[] selected) {
        int[] rows = selected.clone(); // kept by the byte columns: the caller may reuse its array
        int width = columns.size();
        String[][] out = new String[width][];
        ByteColumn[] outBytes = new ByteColumn[width];
        Map<int[], int[]> composed = new java.util.IdentityHashMap<>(); // one row map for the columns that share one
        for (int c = 0; c < width; c++) {
            String[] src = cells.get(c);
            if (src == null) {
                // shares the bytes and the selected row numbers: no strings, no copies per column
                ByteColumn from = bytes[c];
                int[] map = from.rowMap() == null ? rows
                        : composed.computeIfAbsent(from.rowMap(), m -> ByteColumn.compose(m, rows));
                outBytes[c] = from.select(map);
                continue;
            }
            String[] dst = new String[rows.length];
            for (int i = 0; i < rows.length; i++) {
                dst[i] = src[rows[i]];
            }
            out[c] = dst;
        }
        Table t = new Table(columns, out, outBytes, rows.length);
        for (int c = 0; c < width; c++) {
            double[] done = parsed.get(c);
            if (done != null) {
                double[] sel = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    sel[i] = done[rows[i]];
                }
                t.parsed.set(c, sel);
            }
            t.numbersOnly[c] = numbersOnly[c];
        }
        return t;
    }

    /** A new table with only the named columns, in that order. */
    public Table selectColumns(List<String> names) {
        String[][] out = new String[names.size()][];
        ByteColumn[] outBytes = new ByteColumn[names.size()];
        for (int i = 0; i < names.size(); i++) {
            int c = columnIndex(names.get(i));
            out[i] = cells.get(c);
            outBytes[i] = bytes[c];
        }
        Table t = new Table(names, out, outBytes, rowCount);
        for (int i = 0; i < names.size(); i++) {
            int c = columnIndex(names.get(i));
            t.parsed.set(i, parsed.get(c));
            t.types[i] = types[c];
            t.numbersOnly[i] = numbersOnly[c];
        }
        return t;
    }

    // ---- pandas-like parsing -------------------------------------------------------------------------------------

    /**
     * The dtype pandas 2.2's C parser gives a column. For a column of plain integers (an optional sign and digits, no
     * decimal point or exponent anywhere in the column) it tries int64, and on overflow uint64: all values within
     * int64 and nothing missing is int64 (with a missing cell float64); a value above int64 but within uint64 is
     * uint64 only when no value is negative (has a '-' sign) and nothing is missing; otherwise (a value beyond
     * uint64 or below int64, uint64 mixed with negatives or missing cells) the column stays text (object dtype), every
     * cell the string of the file.
     */
    static ColumnType infer(String[] col) {
        Inference seen = new Inference();
        for (String s : col) {
            if (s == null) {
                seen.anyMissing = true;
            } else if (seen.cell(s)) {
                return ColumnType.TEXT;
            }
        }
        return seen.result();
    }

    /**
     * {@link #infer(String[])} read from the bytes: short integers and plain numbers are told from the bytes, any
     * other cell goes through the same text tests.
     */
    static ColumnType infer(ByteColumn col) {
        Inference seen = new Inference();
        for (int r = 0; r < col.size(); r++) {
            if (col.isMissing(r)) {
                seen.anyMissing = true;
            } else if (col.shortInteger(r) != Long.MIN_VALUE) {
                // an optionally signed run of at most 18 digits: int64, a number, not a boolean
                seen.any = true;
                seen.allBool = false;
                seen.anyNegative |= col.negative(r);
            } else if (!col.integerToken(r) && !col.maybeBoolean(r) && !Double.isNaN(col.number(r))) {
                // a number that is not an integer token (a point or an exponent): float, not a boolean
                seen.any = true;
                seen.allBool = false;
                seen.allInt = false;
            } else if (seen.cell(col.get(r))) {
                return ColumnType.TEXT;
            }
        }
        return seen.result();
    }

    /** What the C parser has seen of a column so far. */
    private static final class Inference {
        boolean anyMissing;
        boolean allInt = true;
        boolean allNumber = true;
        boolean allBool = true;
        boolean any;
        boolean anyNegative;
        boolean anyUnsigned;
        boolean anyOverflow;

        /** Takes in a present cell; true once the column can only be text. */
        boolean cell(String s) {
            any = true;
            if (allBool && parseBoolean(s) == null) {
                allBool = false;
            }
            if (allInt) {
                IntegerRange range = integerRange(s);
                switch (range) {
                    case NONE -> allInt = false;
                    case UINT64 -> anyUnsigned = true;
                    case OVERFLOW -> anyOverflow = true;
                    case INT64 -> {
                    }
                }
                if (range != IntegerRange.NONE && s.charAt(0) == '-') {
                    anyNegative = true;
                }
            }
            if (allNumber && !allInt && Double.isNaN(parseNumber(s))) {
                allNumber = false;
            }
            return !allBool && !allNumber;
        }

        ColumnType result() {
            if (!any) {
                return ColumnType.FLOAT; // an all-missing column is float64 in pandas
            }
            if (allBool) {
                return anyMissing ? ColumnType.TEXT : ColumnType.BOOLEAN;
            }
            if (allInt) {
                if (anyOverflow || (anyUnsigned && (anyNegative || anyMissing))) {
                    return ColumnType.TEXT;
                }
                return anyMissing ? ColumnType.FLOAT : ColumnType.INTEGER;
            }
            return allNumber ? ColumnType.FLOAT : ColumnType.TEXT;
        }
    }

    /** Where a plain integer token falls: not an integer, int64, uint64 only, or beyond both. */
    enum IntegerRange {
        NONE, INT64, UINT64, OVERFLOW
    }

    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    static IntegerRange integerRange(String s) {
        int n = s.length();
        int i = (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) ? 1 : 0;
        if (i == n) {
            return IntegerRange.NONE;
        }
        for (int k = i; k < n; k++) {
            char ch = s.charAt(k);
            if (ch < '0' || ch > '9') {
                return IntegerRange.NONE;
            }
        }
        if (n - i < 19) {
            return IntegerRange.INT64;
        }
        BigInteger v = new BigInteger(s.charAt(0) == '+' ? s.substring(1) : s);
        if (v.compareTo(INT64_MIN) >= 0 && v.compareTo(INT64_MAX) <= 0) {
            return IntegerRange.INT64;
        }
        return v.signum() > 0 && v.compareTo(UINT64_MAX) <= 0 ? IntegerRange.UINT64 : IntegerRange.OVERFLOW;
    }

    /** An optionally signed run of digits that fits in a long. */
    static boolean isInteger(String s) {
        return integerRange(s) == IntegerRange.INT64;
    }

    /**
     * The canonical decimal text of an integer cell (int64 or uint64): no '+' sign, no leading zeros, {@code -0} is
     * {@code 0}. Equal integers have equal canonical texts.
     */
    public static String integerText(String s) {
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        String digits = s.substring(i);
        return negative && !digits.equals("0") ? "-" + digits : digits;
    }

    /** A number as pandas' C parser reads it, or NaN when the text is not a number. */
    public static double parseNumber(String s) {
        if (s == null) {
            return Double.NaN;
        }
        String t = s.strip();
        if (t.isEmpty()) {
            return Double.NaN;
        }
        char first = t.charAt(0);
        if ((first < '0' || first > '9') && first != '-' && first != '+' && first != '.') {
            return special(t);
        }
        char last = t.charAt(t.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            return special(t); // Java would accept "1d"; pandas does not
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return special(t);
        }
    }

    private static double special(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }

    /** {@code True}/{@code False} in the spellings pandas accepts, else {@code null}. */
    public static Boolean parseBoolean(String s) {
        return switch (s) {
            case "True", "TRUE", "true" -> Boolean.TRUE;
            case "False", "FALSE", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
