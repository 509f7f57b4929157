package dev.mledojo.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.mledojo.error.DomainException;
import dev.mledojo.gym.Best;
import dev.mledojo.gym.EpisodeContext.ScoreMode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An episode: one agent working on one task version with a budget. Owns its counters, its best submission and its
 * result ({@link Best} is the rule), who runs it (platform instance and heartbeat lease), and the claim that lets
 * one step at a time run on any replica. Steps, submissions and the agent's conversation are appended through it.
 */
@Entity
@Table(name = "episode")
@DynamicUpdate // only changed columns: a step's claim and the runner's lease are written by other transactions too
public class Episode extends PanacheEntityBase {

    /** Episode tokens start with this, so that the authentication mechanisms can tell them from personal tokens. */
    public static final String TOKEN_PREFIX = "mle_ep_";

    /** The problem slug of an action on a closed episode. */
    public static final String CLOSED = "episode-closed";

    /** The problem slug of a step (or close) while another step of the episode runs. */
    public static final String STEP_IN_PROGRESS = "step-in-progress";

    /** Episodes run by a platform instance's local launcher; the lease sweep recovers only these. */
    public static final String LOCAL_LAUNCHER = "local";

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

    /**
     * The data hash of its task version when it was created: the data it runs on and is graded against, whatever
     * version of the task is imported or activated meanwhile (null for episodes created before data hashes).
     */
    @Column(name = "data_hash", updatable = false)
    public String dataHash;

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

    /** The platform instance that admitted the episode and runs it (its {@code dojo.instance.id}). */
    @Column(name = "runner_instance")
    public String runnerInstance;

    /** Until when the runner is known to be alive; renewed while it works, swept once expired. */
    @Column(name = "lease_until")
    public Instant leaseUntil;

    /** Whether its code runs in the platform's sandbox (local and interactive episodes), not in a pod of its own. */
    public boolean runsCodeOnPlatform() {
        return launcher == null || LOCAL_LAUNCHER.equals(launcher);
    }

    /** When the scheduler admitted it into its launcher (null before, and for interactive episodes). */
    @Column(name = "admitted_at")
    public Instant admittedAt;

    /** Which launcher runs it: {@code local} (a thread of a platform instance) or one that runs it elsewhere. */
    @Column(nullable = false)
    public String launcher = LOCAL_LAUNCHER;

    /** The claim of the step in progress (a random value), or null; see {@link #claimStep}. */
    @Column(name = "step_claim")
    public String stepClaim;

    @Column(name = "step_claimed_until")
    public Instant stepClaimedUntil;

    /** The pod that runs a Kubernetes episode (the first to begin it; any other is refused). */
    @Column(name = "runner_pod_uid")
    public String runnerPodUid;

    /** The runner pod's last heartbeat. */
    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;

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

    /** The scheduler of platform instance {@code instance} admitted it: it is being started there. */
    public void admit(String instance, Instant leaseUntil) {
        admitTo(LOCAL_LAUNCHER, instance, leaseUntil);
    }

    /**
     * The scheduler of platform instance {@code instance} admitted it into {@code launcher}; a local episode holds a
     * heartbeat lease until {@code leaseUntil}, one that runs elsewhere (null lease) is watched by its launcher.
     */
    public void admitTo(String launcher, String instance, Instant leaseUntil) {
        if (state != EpisodeState.QUEUED) {
            throw new IllegalStateException("episode " + id + " cannot be admitted from " + state);
        }
        state = EpisodeState.STARTING;
        admittedAt = Instant.now();
        runnerInstance = instance;
        this.launcher = launcher;
        this.leaseUntil = leaseUntil;
    }

    /** Extends the lease of the episodes {@code instance} is running; returns how many it still runs. */
    public static int renewLeases(String instance, Collection<String> ids, Instant until) {
        if (ids.isEmpty()) {
            return 0;
        }
        return update("leaseUntil = ?1 where runnerInstance = ?2 and id in ?3 and state in ?4", until, instance, ids,
                List.of(EpisodeState.STARTING, EpisodeState.RUNNING));
    }

    /** Whether the runner of this locally launched episode stopped renewing its lease (it died with its platform). */
    public boolean leaseExpired(Instant now) {
        return LOCAL_LAUNCHER.equals(launcher) && !state.closed() && state != EpisodeState.QUEUED
                && (leaseUntil == null || leaseUntil.isBefore(now));
    }

    /**
     * Claims the right to take one step (or to close): an atomic conditional update, so that on any platform replica
     * a second concurrent claim finds the first and fails at once. A claim left by a replica that died ends at
     * {@code until}.
     *
     * @return whether the claim was taken
     */
    public static boolean claimStep(String id, String claim, Instant until, Instant now) {
        // SQL rather than HQL: Hibernate translates an HQL update anew at every call, and every step claims
        return getEntityManager().createNativeQuery("update episode set step_claim = ?1, step_claimed_until = ?2 "
                + "where id = ?3 and (step_claim is null or step_claimed_until < ?4)")
                .setParameter(1, claim).setParameter(2, until).setParameter(3, id).setParameter(4, now)
                .executeUpdate() == 1;
    }

    /**
     * Claims a step for {@code caller} in one statement that also reads the row: only a RUNNING episode that the
     * caller may use ({@link #mayBeUsedBy}) and no live claim holds. The claim lasts the episode's wall time plus
     * {@code grace}.
     * An empty result says only that the fast path did not apply: the caller reads the row to learn why (unknown,
     * someone else's, closed, not started, a step in progress). An episode token's scope is checked by the caller.
     *
     * @return the claimed episode as stored now, managed by the caller's transaction
     */
    public static Optional<Episode> claimForStep(String id, String claim, dev.mledojo.account.Requester caller,
            Duration grace, Instant now) {
        if (id == null || caller.visitor()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Episode> claimed = getEntityManager().createNativeQuery("""
                update episode set step_claim = ?1,
                  step_claimed_until = cast(?2 as timestamptz) + make_interval(secs => wall_time_s + ?3)
                where id = ?4 and state = 'RUNNING' and (step_claim is null or step_claimed_until < ?2)
                  and (?5 or owner = ?6)
                returning *""", Episode.class)
                .setParameter(1, claim).setParameter(2, now).setParameter(3, (double) grace.toSeconds())
                .setParameter(4, id).setParameter(5, caller.admin()).setParameter(6, caller.name()).getResultList();
        return claimed.stream().findFirst();
    }

    /**
     * Writes what {@link #track} changed in this copy of the row, read when its step was claimed, without reading the
     * row again: the counters and the best so far are written only under the step claim, so the claim-time values are
     * current. The write holds only while the claim is still {@code claim} and the episode still runs; it gives the
     * claim back in the same statement when {@code release}.
     *
     * @return whether it was written (false: the episode was closed meanwhile, or the claim lapsed and was taken)
     */
    boolean writeTracked(String claim, boolean release) {
        return getEntityManager().createNativeQuery("""
                update episode set step_count = ?1, submission_count = ?2, total_reward = ?3,
                  best_submission = cast(?4 as integer), best_feedback_score = cast(?5 as double precision),
                  best_human_rank = cast(?6 as double precision), best_code = cast(?7 as text),
                  step_claim = case when ?8 then null else step_claim end,
                  step_claimed_until = case when ?8 then null else step_claimed_until end
                where id = ?9 and step_claim = ?10 and state = 'RUNNING'""")
                .setParameter(1, stepCount).setParameter(2, submissionCount).setParameter(3, totalReward)
                .setParameter(4, bestSubmission).setParameter(5, bestFeedbackScore).setParameter(6, bestHumanRank)
                .setParameter(7, bestCode).setParameter(8, release).setParameter(9, id).setParameter(10, claim)
                .executeUpdate() == 1;
    }

    /** Gives a claim back (only the holder's claim is removed). */
    public static void releaseStep(String id, String claim) {
        getEntityManager().createNativeQuery("update episode set step_claim = null, step_claimed_until = null "
                + "where id = ?1 and step_claim = ?2").setParameter(1, id).setParameter(2, claim).executeUpdate();
    }

    /** The refusal a second concurrent step gets. */
    public static DomainException stepInProgress(String id) {
        return DomainException.conflict(STEP_IN_PROGRESS, "Episode " + id + " is still performing a step; wait for it "
                + "to end (one step at a time).");
    }

    /** The running episode, or the conflict an action on a closed (or unknown) one gets. */
    public static Episode running(String id) {
        Episode e = id == null ? null : findById(id);
        if (e == null || e.state != EpisodeState.RUNNING) {
            throw DomainException.conflict(CLOSED, "Episode " + id + " is not running.");
        }
        return e;
    }

    /** The refusal of a step on this closed episode. */
    public DomainException closedError() {
        return DomainException.conflict(CLOSED, "Episode " + id + " is " + state.wireName()
                + (endReason == null ? "" : " (" + endReason + ")") + "; start a new one.");
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
     * times, a fresh attempt is queued (persisted). The caller moves the quota charge to the retry or refunds it.
     *
     * @return the retry, or null when there is none
     */
    public Episode failForInfrastructure(String detail, int maxAttempts) {
        fail(FailureReason.INFRA_ERROR, detail);
        if (attempt >= maxAttempts) {
            return null;
        }
        Episode retry = retry();
        retry.persist();
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
        e.dataHash = dataHash;
        e.queuedAt = queuedAt; // keeps its place in the fair-share order
        return e;
    }

    /**
     * A runner pod begins this episode: the first pod starts it (RUNNING from now); the same pod again is a retried
     * call; another pod is refused (a Job may start a second pod, only one may drive the episode).
     */
    public void beginIn(String podUid, Instant now) {
        if (podUid == null || podUid.isBlank() || podUid.length() > 64) {
            throw DomainException.invalid("invalid-pod", "Send {\"podUid\": \"<the pod's metadata.uid>\"}.");
        }
        if (state.closed()) {
            throw closedError();
        }
        if (runnerPodUid != null) {
            if (!runnerPodUid.equals(podUid)) {
                throw DomainException.conflict("duplicate-runner", "Episode " + id + " is already run by another pod.");
            }
            return;
        }
        if (state != EpisodeState.QUEUED && state != EpisodeState.STARTING) {
            // e.g. an external agent's episode, run by this platform: its token reaches the runner's routes too
            throw DomainException.conflict("not-a-pod-episode", "Episode " + id + " is not waiting for a runner pod: "
                    + "it is " + state.wireName() + " on the platform.");
        }
        runnerPodUid = podUid;
        lastHeartbeatAt = now;
        start();
    }

    /** The runner pod is alive (only the pod that began the episode counts). */
    public void heartbeat(String podUid, Instant now) {
        if (state.closed()) {
            throw closedError();
        }
        if (runnerPodUid == null || !runnerPodUid.equals(podUid)) {
            throw DomainException.conflict("not-the-runner", "This pod does not run episode " + id + ".");
        }
        lastHeartbeatAt = now;
    }

    public void start() {
        if (state != EpisodeState.QUEUED && state != EpisodeState.STARTING) {
            throw new IllegalStateException("episode " + id + " cannot start from " + state);
        }
        state = EpisodeState.RUNNING;
        startedAt = Instant.now();
    }

    public boolean mayBeUsedBy(dev.mledojo.account.Requester requester) {
        return requester.owns(owner);
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
     * The usage so far, if the LLM budget allows another model call.
     *
     * @throws DomainException.BudgetExhausted once the token or cost budget is used up
     */
    public AgentMessage.Usage requireLlmBudget() {
        AgentMessage.Usage usage = AgentMessage.usage(id);
        String exhausted = exhaustedLlmBudget(usage);
        if (exhausted != null) {
            throw DomainException.budgetExhausted("llm-budget-exhausted", "The episode's " + exhausted + ".");
        }
        return usage;
    }

    /**
     * Appends a model call: the request's new messages (those after its last assistant message; the earlier ones were
     * recorded by earlier calls or rewritten by the agent's own summarising) and the reply with its usage.
     */
    public void recordConversation(int turn, List<AgentMessage.Line> sent, AgentMessage.Reply reply) {
        int from = 0;
        for (int i = sent.size() - 1; i >= 0; i--) {
            if ("assistant".equals(sent.get(i).role())) {
                from = i + 1;
                break;
            }
        }
        Instant now = Instant.now();
        for (AgentMessage.Line line : sent.subList(from, sent.size())) {
            AgentMessage.of(id, turn, line.role(), line.content(), now).persist();
        }
        AgentMessage answer = AgentMessage.of(id, turn, "assistant", reply.content(), now);
        answer.promptTokens = reply.promptTokens();
        answer.completionTokens = reply.completionTokens();
        answer.cost = reply.cost();
        answer.persist();
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

    /** The open (starting or running) episode a token belongs to; a runner pod begins a starting one with it. */
    public static Optional<Episode> byToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return find("tokenHash", hash(token)).<Episode>firstResultOptional()
                .filter(e -> e.state == EpisodeState.RUNNING || e.state == EpisodeState.STARTING);
    }

    static String hash(String token) {
        return org.apache.commons.codec.digest.DigestUtils.sha256Hex(token);
    }

    /** The best valid submission since the last reset, as the agent is told about it. */
    public Best best() {
        return new Best(bestSubmission, bestFeedbackScore, bestHumanRank);
    }

    /**
     * Appends a step to this managed row and persists it with its submission ({@link #track}'s rule); for a row read in
     * the caller's transaction (imports, fixtures). A step of the platform records with {@link #writeTracked} instead.
     *
     * @throws DomainException.Conflict when the episode is closed
     */
    public void record(EpisodeStep step, EpisodeSubmission submission, boolean reset) {
        track(step, submission, reset);
        step.persist();
        if (submission != null) {
            submission.persist();
        }
    }

    /**
     * A step's bookkeeping on this row, in memory (written by {@link #writeTracked}): the step gets the next number
     * and the counters move on; a valid submission that {@link Best beats or ties} the best so far becomes the best. A
     * reset forgets the best so far (not the submissions: the result still counts them all).
     *
     * @throws DomainException.Conflict when the episode is closed
     */
    void track(EpisodeStep step, EpisodeSubmission submission, boolean reset) {
        if (state.closed()) {
            throw closedError();
        }
        step.episodeId = id;
        step.number = stepCount + 1;
        stepCount = step.number;
        if (step.reward != null) {
            totalReward += step.reward;
        }
        Best best = reset ? Best.NONE : best();
        if (submission != null) {
            submission.episodeId = id;
            submission.stepNumber = step.number;
            submissionCount = Math.max(submissionCount, submission.number);
            if (submission.valid && submission.report != null) {
                best = best.offer(submission.number, submission.feedbackScore, submission.feedbackRank,
                        submission.report.higherIsBetter());
                if (Integer.valueOf(submission.number).equals(best.submission())) {
                    bestCode = submission.code;
                }
            }
        }
        if (best.none()) {
            bestCode = null;
        }
        bestSubmission = best.submission();
        bestFeedbackScore = best.score();
        bestHumanRank = best.humanRank();
    }

    /**
     * Closes the episode with its result, computed by {@link EpisodeResult#of} from all its valid submissions (across
     * resets) in the order they were made.
     */
    public EpisodeResult close(List<EpisodeSubmission> validInOrder, String reason, String taskVersionHash,
            String versionDataHash, Instant now) {
        long wall = Duration.between(startedAt == null ? now : startedAt, now).toSeconds();
        EpisodeResult r = EpisodeResult.of(validInOrder.stream()
                .map(sub -> new EpisodeResult.Graded(sub.number, sub.report)).toList(), stepCount, submissionCount, wall,
                reason, taskVersionHash, dataHash != null ? dataHash : versionDataHash);
        finish(r, reason);
        return r;
    }

    /** Closes the episode with its result. */
    void finish(EpisodeResult episodeResult, String reason) {
        if (state.closed()) {
            throw new IllegalStateException("episode " + id + " is already closed");
        }
        result = episodeResult;
        endReason = reason;
        state = EpisodeState.FINISHED;
        endedAt = Instant.now();
    }
}
