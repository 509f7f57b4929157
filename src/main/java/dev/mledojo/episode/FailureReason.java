package dev.mledojo.episode;

/** Why an episode failed (DESIGN §5); only {@link #INFRA_ERROR} is retried (and refunded). */
public enum FailureReason {
    AGENT_ERROR, TIME_LIMIT, MEMORY_LIMIT, BUDGET_EXHAUSTED, INFRA_ERROR
}
