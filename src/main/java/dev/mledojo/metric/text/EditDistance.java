package dev.mledojo.metric.text;

/** Unit-cost Levenshtein distance (insert, delete, substitute) over code points or integer tokens. */
public final class EditDistance {

    private EditDistance() {
    }

    /** Levenshtein distance between two strings, iterating Unicode code points (not UTF-16 units). */
    public static int of(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        return of(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** Levenshtein distance between two int sequences. */
    public static int of(int[] a, int[] b) {
        int start = 0;
        int endA = a.length;
        int endB = b.length;
        while (start < endA && start < endB && a[start] == b[start]) {
            start++;
        }
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1]) {
            endA--;
            endB--;
        }
        int n = endA - start;
        int m = endB - start;
        if (n == 0) {
            return m;
        }
        if (m == 0) {
            return n;
        }
        int[] row = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            row[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            int diagonal = row[0];
            row[0] = i;
            int ai = a[start + i - 1];
            for (int j = 1; j <= m; j++) {
                int above = row[j];
                int cost = ai == b[start + j - 1] ? diagonal : diagonal + 1;
                int best = Math.min(above + 1, row[j - 1] + 1);
                row[j] = Math.min(best, cost);
                diagonal = above;
            }
        }
        return row[m];
    }

    /** Levenshtein distance between two sequences of integer tokens. */
    public static int of(long[] a, long[] b) {
        // map tokens to dense ints so that the int version does the work
        java.util.HashMap<Long, Integer> ids = new java.util.HashMap<>();
        return of(dense(a, ids), dense(b, ids));
    }

    private static int[] dense(long[] tokens, java.util.HashMap<Long, Integer> ids) {
        int[] out = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            Integer id = ids.get(tokens[i]);
            if (id == null) {
                id = ids.size();
                ids.put(tokens[i], id);
            }
            out[i] = id;
        }
        return out;
    }
}
