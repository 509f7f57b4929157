package dev.mledojo.task;

import java.util.Map;

import dev.mledojo.metric.Table;

/**
 * A task version's hidden answers and the part (feedback or final) each id belongs to. Trusted-side only: never
 * handed to anything an agent can reach.
 */
public record Answers(Table table, Map<String, FeedbackSplit.Part> parts) {
}
