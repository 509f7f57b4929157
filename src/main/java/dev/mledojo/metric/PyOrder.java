package dev.mledojo.metric;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The row order the reference graders score in: most {@code evaluate} methods cast the id column to {@code str} and
 * sort both frames by it before any order-sensitive step (a descending argsort with ties, a cumulative sum). The
 * grader hands a {@link Metric} the rows in answer-file order; a metric whose result depends on row order first puts
 * them in this order.
 *
 * <p>The key is the id as pandas renders it after {@code read_csv} ({@link Table#strings}: {@code 347},
 * {@code 12.0}, {@code True}), compared by code point as Python compares {@code str}. Equal ids keep their file order
 * (a stable sort; pandas' default quicksort is not stable, which only matters for repeated ids).
 */
public final class PyOrder {

    private PyOrder() {
    }

    /** Row indices of {@code table} ordered by the text of its id column (stable). */
    public static int[] byIdText(Table table, String idColumn) {
        return byText(table.strings(idColumn));
    }

    /** Row indices ordered by the given texts, compared as Python compares {@code str} (stable). */
    public static int[] byText(String[] ids) {
        Integer[] idx = new Integer[ids.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparing((Integer i) -> ids[i], PyStrings::compare)); // TimSort: stable
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /**
     * The truth and the (already id-aligned) submission, both reordered by the truth's id text; the same tables when
     * they already are in that order or the truth has no such id column.
     */
    public static Table[] sortedByIdText(Table truth, Table alignedSubmission, String idColumn) {
        if (idColumn == null || !truth.hasColumn(idColumn)) {
            return new Table[] {truth, alignedSubmission};
        }
        int[] order = byIdText(truth, idColumn);
        if (isIdentity(order)) {
            return new Table[] {truth, alignedSubmission};
        }
        return new Table[] {truth.selectRows(order), alignedSubmission.selectRows(order)};
    }

    static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }
}
