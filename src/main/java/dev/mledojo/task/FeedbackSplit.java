package dev.mledojo.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Splits a task's answer ids into a feedback part (scores shown during an episode) and a final part (the
 * leaderboard), deterministically from a seed, like Kaggle's public/private split.
 */
public final class FeedbackSplit {

    /** Which part an answer id belongs to. */
    public enum Part {
        FEEDBACK, FINAL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private FeedbackSplit() {
    }

    /** The seed of a task's split: its data seed, else its preparation seed, else 42. */
    public static long seedOf(TaskDefinition task) {
        for (Object candidate : new Object[] {task.data().settings().get("seed"), task.prepare().get("seed")}) {
            if (candidate instanceof Number n) {
                return n.longValue();
            }
        }
        return 42;
    }

    /**
     * Assigns each distinct id to a part: ids are sorted, shuffled with {@code new Random(seed)} and the first
     * {@code round(n * fraction)} go to feedback (at least one id in each part when there are two or more ids).
     *
     * @return the part of every distinct id, in the order of first appearance in {@code ids}
     */
    public static Map<String, Part> assign(List<String> ids, double fraction, long seed) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("feedback fraction must be in [0,1], got " + fraction);
        }
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
        List<String> shuffled = new ArrayList<>(distinct);
        Collections.sort(shuffled);
        Collections.shuffle(shuffled, new Random(seed));
        int n = shuffled.size();
        int feedback = (int) Math.round(n * fraction);
        if (n >= 2 && fraction > 0 && fraction < 1) {
            feedback = Math.max(1, Math.min(n - 1, feedback));
        }
        Map<String, Part> byId = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            byId.put(shuffled.get(i), i < feedback ? Part.FEEDBACK : Part.FINAL);
        }
        Map<String, Part> ordered = new LinkedHashMap<>();
        for (String id : distinct) {
            ordered.put(id, byId.get(id));
        }
        return ordered;
    }
}
