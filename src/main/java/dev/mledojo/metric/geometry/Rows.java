package dev.mledojo.metric.geometry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import dev.mledojo.metric.InvalidSubmissionException;
import dev.mledojo.metric.PyOrder;
import dev.mledojo.metric.PyStrings;
import dev.mledojo.metric.ScoringException;
import dev.mledojo.metric.SubmissionErrorKind;
import dev.mledojo.metric.Table;

/** Row bookkeeping shared by the geometry metrics: Python string order, extra columns, error wording. */
final class Rows {

    private Rows() {
    }

    /** Python's string order (by code point, which differs from Java's UTF-16 order above U+FFFF). */
    static final Comparator<String> PYTHON_ORDER = PyStrings::compare;

    /** Row indices ordered by id as text (stable: equal ids keep file order). */
    static int[] orderById(String[] ids) {
        return PyOrder.byText(ids);
    }

    /** Refuses submission columns outside {@code allowed} (named in the order of the submission header). */
    static void rejectExtraColumns(Table submission, Collection<String> allowed) {
        List<String> extra = new ArrayList<>();
        for (String c : submission.columns()) {
            if (!allowed.contains(c)) {
                extra.add(c);
            }
        }
        if (!extra.isEmpty()) {
            throw new InvalidSubmissionException(SubmissionErrorKind.EXTRA_COLUMNS,
                    "Extra unexpected columns found in submission: " + String.join(", ", extra) + ". Expected header: "
                            + String.join(",", allowed) + ".");
        }
    }

    /** A malformed submission cell: kind {@code malformed_row}, naming the id, the column and the problem. */
    static InvalidSubmissionException badCell(String idColumn, String id, String column, CellFormatException e) {
        return badCell(where(idColumn, id), column, e);
    }

    /** As {@link #badCell(String, String, String, CellFormatException)} for a row described as {@code where}. */
    static InvalidSubmissionException badCell(String where, String column, CellFormatException e) {
        return new InvalidSubmissionException(SubmissionErrorKind.MALFORMED_ROW,
                "Invalid " + column + " for " + where + ": " + e.getMessage() + ".");
    }

    /** "ImageId 'abc'". */
    static String where(String idColumn, String id) {
        return idColumn + " '" + id + "'";
    }

    /** A malformed answer cell: the reference fails to evaluate. */
    static ScoringException badTruth(String idColumn, String id, String column, CellFormatException e) {
        return badTruth(where(idColumn, id), column, e);
    }

    static ScoringException badTruth(String where, String column, CellFormatException e) {
        return new ScoringException("The ground truth " + column + " for " + where + " cannot be read: "
                + e.getMessage() + ".");
    }
}
