package dev.mledojo.task;

import java.util.Map;

import dev.mledojo.metric.Table;

/**
 * A task version's hidden answers, the part (feedback or final) each id belongs to, and the data hash of the prepared
 * data they were read from (null for answers that were never stored, e.g. during the review of a preparation).
 * Trusted-side only: never handed to anything an agent can reach.
 */
public record Answers(Table table, Map<String, FeedbackSplit.Part> parts, String dataHash) {

    /** Answers that belong to no stored data (reviews, tests). */
    public Answers(Table table, Map<String, FeedbackSplit.Part> parts) {
        this(table, parts, null);
    }
}
