package dev.mledojo.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.mledojo.gym.EpisodeContext.ScoreMode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An episode: one agent working on one task version with a budget. Owns its counters and best result; steps and
 * submissions are appended through it.
 */
@Entity
@Table(name = "episode")
public class Episode extends PanacheEntityBase {

    /** Episode tokens start with this, so that the authentication mechanisms can tell them from personal tokens. */
    public static final String TOKEN_PREFIX = "mle_ep_";

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    @Id
    public String id;

    @Column(name = "task_version_id", nullable = false, updatable = false)
    public long taskVersionId;

    @Column(name = "task_slug", nullable = false, updatable = false)
    public String taskSlug;

    @Column(nullable = false, updatable = false)
    public String owner;

    @Column(name = "agent_kind", nullable = false, updatable = false)
    public String agentKind;

    @Column(nullable = false, updatable = false)
    public long seed;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EpisodeState state;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "end_reason")
    public String endReason;

    @Column(name = "max_steps", nullable = false, updatable = false)
    public int maxSteps;

    @Column(name = "wall_time_s", nullable = false, updatable = false)
    public int wallTimeSeconds;

    @Enumerated(EnumType.STRING)
    @Column(name = "score_mode", nullable = false, updatable = false)
    public ScoreMode scoreMode;

    @Column(name = "feedback_mode", nullable = false, updatable = false)
    public String feedbackMode;

    @Column(name = "step_count", nullable = false)
    public int stepCount;

    @Column(name = "submission_count", nullable = false)
    public int submissionCount;

    @Column(name = "total_reward", nullable = false)
    public double totalReward;

    @Column(name = "best_feedback_score")
    public Double bestFeedbackScore;

    @Column(name = "best_human_rank")
    public Double bestHumanRank;

    @Column(name = "best_submission")
    public Integer bestSubmission;

    @Column(name = "best_code")
    public String bestCode;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public EpisodeResult result;

    @Column(name = "submission_id", updatable = false)
    public Long submissionId;

    @Column(name = "agent_version_id", updatable = false)
    public Long agentVersionId;

    @Column(nullable = false, updatable = false)
    public int attempt = 1;

    @Column(nullable = false)
    public int priority;

    @Column(name = "queued_at")
    public Instant queuedAt;

    @Column(name = "failure_detail")
    public String failureDetail;

    /** A retry is not admitted before this time (backoff after an infrastructure failure). */
    @Column(name = "not_before")
    public Instant notBefore;

    /** The episode this one retries after an infrastructure failure. */
    @Column(name = "retry_of", updatable = false)
    public String retryOf;

    /** SHA-256 (hex) of the episode token minted when a submission's episode starts; never the token itself. */
    @Column(name = "token_hash")
    public String tokenHash;

    /** LLM budget through the gateway: tokens (prompt + completion) and cost; null = unlimited. */
    @Column(name = "max_tokens", updatable = false)
    public Long maxTokens;

    @Column(name = "max_cost", updatable = false)
    public Double maxCost;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** A researcher's interactive episode: created running, owned by the caller. */
    public static Episode interactive(String owner, long taskVersionId, String taskSlug, long seed, int maxSteps,
            int wallTimeSeconds, ScoreMode scoreMode, String feedbackMode) {
        Episode e = new Episode();
        e.id = UUID.randomUUID().toString();
        e.owner = owner;
        e.taskVersionId = taskVersionId;
        e.taskSlug = taskSlug;
        e.agentKind = "external";
        e.seed = seed;
        e.maxSteps = maxSteps;
        e.wallTimeSeconds = wallTimeSeconds;
        e.scoreMode = scoreMode;
        e.feedbackMode = feedbackMode;
        e.createdAt = Instant.now();
        e.state = EpisodeState.QUEUED;
        e.start();
        return e;
    }

    /** An episode of a submission, waiting in the queue. */
    public static Episode queued(String owner, long taskVersionId, String taskSlug, long seed, int maxSteps,
            int wallTimeSeconds, long submissionId, long agentVersionId, String agentKind, int priority, String feedbackMode) {
        Episode e = new Episode();
        e.id = UUID.randomUUID().toString();
        e.owner = owner;
        e.taskVersionId = taskVersionId;
        e.taskSlug = taskSlug;
        e.agentKind = agentKind;
        e.seed = seed;
        e.maxSteps = maxSteps;
        e.wallTimeSeconds = wallTimeSeconds;
        e.scoreMode = ScoreMode.HUMANRANK;
        e.feedbackMode = feedbackMode;
        e.submissionId = submissionId;
        e.agentVersionId = agentVersionId;
        e.priority = priority;
        e.createdAt = Instant.now();
        e.queuedAt = e.createdAt;
        e.state = EpisodeState.QUEUED;
        return e;
    }

    /** The scheduler admitted it: it is being started. */
    public void admit() {
        if (state != EpisodeState.QUEUED) {
            throw new IllegalStateException("episode " + id + " cannot be admitted from " + state);
        }
        state = EpisodeState.STARTING;
    }

    /** Ends the episode without a result: FAILED with a reason (DESIGN §5), or CANCELLED. */
    public void fail(FailureReason reason, String detail) {
        if (state.closed()) {
            throw new IllegalStateException("episode " + id + " is already closed");
        }
        state = EpisodeState.FAILED;
        failureReason = reason.name();
        failureDetail = detail == null ? null : detail.length() > 2000 ? detail.substring(0, 2000) : detail;
        String why = reason.name().toLowerCase(java.util.Locale.ROOT) + (detail == null ? "" : ": " + failureDetail);
        endReason = why.length() > 300 ? why.substring(0, 297) + "..." : why; // the column's width; the detail has it all
        endedAt = Instant.now();
    }

    public void cancel(String by) {
        if (state.closed()) {
            return;
        }
        state = EpisodeState.CANCELLED;
        endReason = "cancelled by " + by;
        endedAt = Instant.now();
    }

    /**
     * The platform failed this episode: it ends with {@code INFRA_ERROR}; unless it already failed {@code maxAttempts}
     * times, a fresh attempt is queued and the quota charge moves to it (the failed attempt is refunded).
     *
     * @return the retry, or null when there is none
     */
    public Episode failForInfrastructure(String detail, int maxAttempts) {
        fail(FailureReason.INFRA_ERROR, detail);
        if (attempt >= maxAttempts) {
            dev.mledojo.account.UsageEvent.update("refunded = true where kind = 'episode' and ref = ?1", id);
            return null;
        }
        Episode retry = retry();
        retry.persist();
        dev.mledojo.account.UsageEvent.update("ref = ?1 where kind = 'episode' and ref = ?2", retry.id, id);
        return retry;
    }

    /** A fresh attempt of an episode that failed for an infrastructure reason; it goes back to the queue. */
    public Episode retry() {
        Episode e = queued(owner, taskVersionId, taskSlug, seed, maxSteps, wallTimeSeconds, submissionId, agentVersionId,
                agentKind, priority, feedbackMode);
        e.attempt = attempt + 1;
        e.retryOf = id;
        // exponential backoff: 5 s, 10 s, 20 s ... at most 5 minutes
        e.notBefore = Instant.now().plusSeconds(Math.min(300, 5L << Math.min(6, attempt - 1)));
        e.maxTokens = maxTokens;
        e.maxCost = maxCost;
        e.queuedAt = queuedAt; // keeps its place in the fair-share order
        return e;
    }

    public void start() {
        if (state != EpisodeState.QUEUED && state != EpisodeState.STARTING) {
            throw new IllegalStateException("episode " + id + " cannot start from " + state);
        }
        state = EpisodeState.RUNNING;
        startedAt = Instant.now();
    }

    public boolean mayBeUsedBy(String user, boolean admin) {
        return admin || owner.equals(user);
    }

    public int remainingSteps() {
        return Math.max(0, maxSteps - stepCount);
    }

    public Duration remainingWallTime(Instant now) {
        Duration used = Duration.between(startedAt == null ? now : startedAt, now);
        Duration left = Duration.ofSeconds(wallTimeSeconds).minus(used);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Why the budget no longer allows a step, or null. */
    public String exhaustedBudget(Instant now) {
        if (remainingSteps() == 0) {
            return "step budget exhausted (" + maxSteps + " steps)";
        }
        if (remainingWallTime(now).isZero()) {
            return "wall-time budget exhausted (" + wallTimeSeconds + " s)";
        }
        return null;
    }

    /** Why the LLM budget (tokens, cost) no longer allows a call, or null. */
    public String exhaustedLlmBudget(AgentMessage.Usage usage) {
        if (maxTokens != null && usage.tokens() >= maxTokens) {
            return "token budget exhausted (" + usage.tokens() + " of " + maxTokens + " tokens used)";
        }
        if (maxCost != null && usage.cost() >= maxCost) {
            return "cost budget exhausted (" + String.format(java.util.Locale.ROOT, "%.6f", usage.cost()) + " of "
                    + maxCost + " used)";
        }
        return null;
    }

    /** Whether an LLM budget is set at all (otherwise usage need not be summed). */
    public boolean hasLlmBudget() {
        return maxTokens != null || maxCost != null;
    }

    /**
     * Mints the episode token: a fresh secret returned once, stored hashed; it authenticates only while the episode
     * runs (a closed episode's token is refused).
     */
    public String issueToken() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = TOKEN_PREFIX + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        tokenHash = hash(token);
        return token;
    }

    /** The running episode a token belongs to. */
    public static java.util.Optional<Episode> byToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return java.util.Optional.empty();
        }
        return find("tokenHash", hash(token)).<Episode>firstResultOptional().filter(e -> e.state == EpisodeState.RUNNING);
    }

    static String hash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends a step and updates the counters; a valid submission that beats (or ties) the best becomes the best. */
    public void record(EpisodeStep step, EpisodeSubmission submission, boolean reset) {
        if (state.closed()) {
            throw new IllegalStateException("episode " + id + " is closed");
        }
        step.episodeId = id;
        step.number = stepCount + 1;
        step.persist();
        stepCount = step.number;
        if (step.reward != null) {
            totalReward += step.reward;
        }
        if (reset) {
            bestFeedbackScore = null;
            bestHumanRank = null;
            bestSubmission = null;
            bestCode = null;
        }
        if (submission != null) {
            submission.episodeId = id;
            submission.stepNumber = step.number;
            submission.persist();
            submissionCount = Math.max(submissionCount, submission.number);
            if (submission.valid && submission.feedbackScore != null && beats(submission.feedbackScore, submission.report.higherIsBetter())) {
                bestFeedbackScore = submission.feedbackScore;
                bestHumanRank = submission.feedbackRank;
                bestSubmission = submission.number;
                bestCode = submission.code;
            }
        }
    }

    private boolean beats(double score, boolean higherIsBetter) {
        return bestFeedbackScore == null || (higherIsBetter ? score >= bestFeedbackScore : score <= bestFeedbackScore);
    }

    /** Closes the episode with its result. */
    public void finish(EpisodeResult episodeResult, String reason) {
        if (state.closed()) {
            throw new IllegalStateException("episode " + id + " is already closed");
        }
        result = episodeResult;
        endReason = reason;
        state = EpisodeState.FINISHED;
        endedAt = Instant.now();
    }
}
