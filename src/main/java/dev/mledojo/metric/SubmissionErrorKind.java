package dev.mledojo.metric;

/** The kinds of invalid submission an agent can act on; the name is stable on the wire (snake case). */
public enum SubmissionErrorKind {
    MISSING_FILE("The submission file was not found."),
    FILE_TOO_LARGE("The submission file is larger than allowed."),
    UNREADABLE_CSV("The submission is not a readable CSV file."),
    LINE_TOO_LONG("A line of the submission is longer than allowed."),
    TOO_MANY_COLUMNS("A line of the submission has more fields than allowed."),
    EMPTY_FILE("The submission has no header or no rows."),
    DUPLICATE_COLUMNS("A column name appears more than once in the header."),
    MISSING_COLUMNS("Required columns are missing."),
    EXTRA_COLUMNS("The submission has columns the task does not expect."),
    TOO_MANY_ROWS("The submission has more rows than allowed."),
    ROW_COUNT("The number of rows differs from the expected number."),
    DUPLICATE_IDS("An id appears more than once."),
    MISSING_IDS("Ids of the test set are missing from the submission."),
    UNKNOWN_IDS("The submission has ids that are not in the test set."),
    MISSING_VALUES("Prediction cells are empty or NaN."),
    UNPARSABLE_VALUE("A prediction cell cannot be read as a number."),
    NON_FINITE_VALUE("A prediction is infinite."),
    OUT_OF_RANGE("A prediction lies outside the allowed range."),
    MALFORMED_ROW("A cell does not follow the required format.");

    private final String summary;

    SubmissionErrorKind(String summary) {
        this.summary = summary;
    }

    /** One sentence that explains the kind without the specifics. */
    public String summary() {
        return summary;
    }

    /** The wire name, e.g. {@code missing_ids}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
