package dev.mledojo.task;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.mledojo.metric.IdIndex;
import dev.mledojo.metric.Table;

/**
 * A task version's hidden answers, the part (feedback or final) each id belongs to, and the data hash of the prepared
 * data they were read from (null for answers that were never stored, e.g. during the review of a preparation).
 * Trusted-side only: never handed to anything an agent can reach.
 *
 * <p>Answers live in a cache across grades, so what a grader derives from them once (the row of each id, the rows of
 * each part) is kept with them ({@link #derived}), and the part of each id is turned into the rows of each part the
 * first time it is needed ({@link #partRows}); the map by id is then let go.
 */
public final class Answers {

    private final Table table;
    private final String dataHash;
    private final Map<String, Object> derived = new ConcurrentHashMap<>();
    private Map<String, FeedbackSplit.Part> parts;
    private Table split;
    private String partsIdColumn;
    private int[][] partRows;

    public Answers(Table table, Map<String, FeedbackSplit.Part> parts, String dataHash) {
        this.table = table;
        this.parts = parts;
        this.dataHash = dataHash;
    }

    /**
     * Answers with the stored split ({@code private/split.csv}: columns {@code id} and {@code part}, {@code feedback} or
     * {@code final}), kept as read until the rows of each part are first needed: no map of a million ids.
     */
    public static Answers withSplit(Table table, Table split, String dataHash) {
        Answers answers = new Answers(table, null, dataHash);
        answers.split = split;
        return answers;
    }

    /** Answers that belong to no stored data (reviews, tests). */
    public Answers(Table table, Map<String, FeedbackSplit.Part> parts) {
        this(table, parts, null);
    }

    public Table table() {
        return table;
    }

    public String dataHash() {
        return dataHash;
    }

    /**
     * The answer rows of the feedback part [0] and of the final part [1], in answer order, each row's id read from
     * {@code idColumn} as pandas renders it; rows whose id has no part belong to the final part. A version's id column
     * never changes, so the rows are computed once.
     *
     * @throws IllegalStateException when asked again for another id column
     */
    public synchronized int[][] partRows(String idColumn) {
        if (partRows == null) {
            boolean[] inFeedback = split != null ? feedbackRowsOfSplit(idColumn) : feedbackRowsOfMap(idColumn);
            int[] feedback = new int[inFeedback.length];
            int[] fin = new int[inFeedback.length];
            int f = 0;
            int g = 0;
            for (int r = 0; r < inFeedback.length; r++) {
                if (inFeedback[r]) {
                    feedback[f++] = r;
                } else {
                    fin[g++] = r;
                }
            }
            partRows = new int[][] {java.util.Arrays.copyOf(feedback, f), java.util.Arrays.copyOf(fin, g)};
            partsIdColumn = idColumn;
            parts = null; // the rows say it all now; a million-id map is a lot of heap to keep in a cache
            split = null;
        } else if (!partsIdColumn.equals(idColumn)) {
            throw new IllegalStateException("the parts were indexed by column " + partsIdColumn + ", not " + idColumn);
        }
        return partRows;
    }

    private boolean[] feedbackRowsOfMap(String idColumn) {
        String[] ids = table.strings(idColumn);
        boolean[] out = new boolean[ids.length];
        for (int r = 0; r < ids.length; r++) {
            out[r] = parts.get(ids[r]) == FeedbackSplit.Part.FEEDBACK;
        }
        return out;
    }

    /** The split's ids matched to the answer rows: as int64 numbers where both columns are int64, else as text. */
    private boolean[] feedbackRowsOfSplit(String idColumn) {
        boolean[] out = new boolean[table.rowCount()];
        boolean[] feedback = new boolean[split.rowCount()];
        for (int i = 0; i < feedback.length; i++) {
            feedback[i] = "feedback".equalsIgnoreCase(split.cell("part", i)); // one short-lived string at a time
        }
        long[] answerIds = table.int64s(idColumn);
        long[] splitIds = answerIds == null ? null : split.int64s("id");
        if (splitIds != null) {
            // the split is written by the platform from the ids as rendered, so its integers are canonical and equal
            // numbers are equal texts; answer rows may repeat an id (long formats): each looks its id up
            IdIndex index = IdIndex.ofNumbers(splitIds);
            for (int r = 0; r < answerIds.length; r++) {
                int i = index.rowOf(answerIds[r]);
                out[r] = i >= 0 && feedback[i];
            }
            return out;
        }
        String[] ids = table.strings(idColumn);
        Map<String, Boolean> byId = new java.util.HashMap<>(ids.length * 2);
        String[] splitText = split.column("id");
        for (int i = 0; i < splitText.length; i++) {
            byId.put(splitText[i], feedback[i]);
        }
        for (int r = 0; r < ids.length; r++) {
            out[r] = Boolean.TRUE.equals(byId.get(ids[r]));
        }
        return out;
    }

    /**
     * A value computed from these answers once and kept as long as they are: {@code compute} runs at most once per key
     * (concurrent callers of the same key wait for it). The value must not change after it is returned.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(String key, Function<Answers, T> compute) {
        return (T) derived.computeIfAbsent(key, k -> compute.apply(this));
    }
}
