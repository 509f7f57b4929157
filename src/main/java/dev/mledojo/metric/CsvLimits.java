package dev.mledojo.metric;

/**
 * What a CSV from an untrusted source may hold, checked while it is read (never after reading a whole line or file).
 *
 * @param maxRows the most data rows
 * @param maxLineChars the most characters of one record (its line, or its lines when a quoted cell spans several)
 * @param maxColumns the most fields of one record, the header included
 */
public record CsvLimits(int maxRows, int maxLineChars, int maxColumns) {

    /**
     * 16 Mi characters per line: the catalogue's longest legitimate lines are run-length-encoded masks of whole
     * images (hubmap-kidney-segmentation, vesuvius-challenge-ink-detection), a few MiB each. 10,000 columns: the
     * widest submission in the catalogue has about 200 (one column per class).
     */
    public static final int DEFAULT_MAX_LINE_CHARS = 16 << 20;
    public static final int DEFAULT_MAX_COLUMNS = 10_000;

    public CsvLimits {
        if (maxRows < 0 || maxLineChars < 1 || maxColumns < 1) {
            throw new IllegalArgumentException("CSV limits must be positive");
        }
    }

    /** The default line and column limits with {@code maxRows}. */
    public static CsvLimits rows(int maxRows) {
        return new CsvLimits(maxRows, DEFAULT_MAX_LINE_CHARS, DEFAULT_MAX_COLUMNS);
    }

    /** For trusted files (answers, leaderboards, generated data). */
    public static CsvLimits none() {
        return new CsvLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
