package dev.mledojo.metric;

/** The dtype pandas' {@code read_csv} would infer for a column; it decides how ids and labels compare. */
public enum ColumnType {
    /**
     * Every cell is an integer and nothing is missing (pandas int64, or uint64 when a value exceeds int64 and none is
     * negative); integers beyond both ranges make the column {@link #TEXT}, as in pandas.
     */
    INTEGER,
    /** Numeric with decimals, exponents, inf, or with missing cells (pandas float64). */
    FLOAT,
    /** Only True/False spellings and nothing missing (pandas bool). */
    BOOLEAN,
    /** Anything else (pandas object); missing cells stay missing. */
    TEXT;

    /** Numeric in the pandas sense (int, float or bool). */
    public boolean numeric() {
        return this != TEXT;
    }
}
