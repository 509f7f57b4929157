package dev.mledojo.metric;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The row of each id of a table, built once per cached answers: integer ids (int64, pandas' dtype) are looked up as
 * numbers, in a direct table when they span a small range (the usual 0..n-1 or 1..n) and in an open-addressing table
 * otherwise; any other id as its text.
 */
public abstract sealed class IdIndex {

    /** The row of the id, or -1 (numeric indexes). */
    public abstract int rowOf(long id);

    /** The row of the id, or -1 (text indexes). */
    public abstract int rowOf(String id);

    /** The first row of each id. */
    public static IdIndex ofNumbers(long[] ids) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long id : ids) {
            min = Math.min(min, id);
            max = Math.max(max, id);
        }
        if (ids.length > 0 && max - min >= 0 && max - min < 4L * ids.length + 1024) {
            return Dense.of(ids, min, (int) (max - min + 1));
        }
        return Hashed.of(ids);
    }

    /** The first row of each id. */
    public static IdIndex ofTexts(String[] ids) {
        Map<String, Integer> rows = new HashMap<>(ids.length * 2);
        for (int r = 0; r < ids.length; r++) {
            rows.putIfAbsent(ids[r], r);
        }
        return new Texts(rows);
    }

    /** Ids within a small range: one int per possible id. */
    static final class Dense extends IdIndex {
        private final long min;
        private final int[] rows;

        private Dense(long min, int[] rows) {
            this.min = min;
            this.rows = rows;
        }

        static Dense of(long[] ids, long min, int span) {
            int[] rows = new int[span];
            Arrays.fill(rows, -1);
            for (int r = 0; r < ids.length; r++) {
                int slot = (int) (ids[r] - min);
                if (rows[slot] < 0) {
                    rows[slot] = r;
                }
            }
            return new Dense(min, rows);
        }

        @Override
        public int rowOf(long id) {
            long slot = id - min;
            return slot >= 0 && slot < rows.length && id >= min ? rows[(int) slot] : -1;
        }

        @Override
        public int rowOf(String id) {
            throw new IllegalStateException("a numeric index");
        }
    }

    /** Open addressing with linear probing over a power-of-two table at most half full. */
    static final class Hashed extends IdIndex {
        private final long[] keys;
        private final int[] rows;
        private final int mask;

        private Hashed(long[] keys, int[] rows) {
            this.keys = keys;
            this.rows = rows;
            this.mask = keys.length - 1;
        }

        static Hashed of(long[] ids) {
            int capacity = Integer.highestOneBit(Math.max(4, ids.length) * 2 - 1) << 1;
            long[] keys = new long[capacity];
            int[] rows = new int[capacity];
            Arrays.fill(rows, -1);
            Hashed h = new Hashed(keys, rows);
            for (int r = 0; r < ids.length; r++) {
                int slot = h.slot(ids[r]);
                if (rows[slot] < 0) {
                    keys[slot] = ids[r];
                    rows[slot] = r;
                }
            }
            return h;
        }

        private int slot(long id) {
            long x = id * 0x9E3779B97F4A7C15L;
            int i = (int) (x ^ (x >>> 32)) & mask;
            while (rows[i] >= 0 && keys[i] != id) {
                i = (i + 1) & mask;
            }
            return i;
        }

        @Override
        public int rowOf(long id) {
            return rows[slot(id)];
        }

        @Override
        public int rowOf(String id) {
            throw new IllegalStateException("a numeric index");
        }
    }

    /** Ids as pandas renders them ({@code astype(str)}). */
    public static final class Texts extends IdIndex {
        private final Map<String, Integer> rows;

        Texts(Map<String, Integer> rows) {
            this.rows = rows;
        }

        @Override
        public int rowOf(long id) {
            throw new IllegalStateException("a text index");
        }

        @Override
        public int rowOf(String id) {
            Integer r = rows.get(id);
            return r == null ? -1 : r;
        }
    }
}
