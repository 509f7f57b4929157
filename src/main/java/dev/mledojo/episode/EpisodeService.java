package dev.mledojo.episode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mledojo.grading.FeedbackMode;
import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.GradingService;
import dev.mledojo.grading.Medal;
import dev.mledojo.gym.ActionOutcome;
import dev.mledojo.gym.Environment;
import dev.mledojo.gym.EpisodeContext;
import dev.mledojo.gym.EpisodeContext.ScoreMode;
import dev.mledojo.gym.GymConfig;
import dev.mledojo.gym.GymRegistry;
import dev.mledojo.gym.Observation;
import dev.mledojo.gym.StepView;
import dev.mledojo.sandbox.SandboxLimits;
import dev.mledojo.task.TaskConfig;
import dev.mledojo.task.TaskDataService;
import dev.mledojo.task.TaskService;
import dev.mledojo.task.TaskService.VersionRef;
import dev.mledojo.web.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Interactive episodes: creates them, takes steps (the action runs outside any transaction; the step is recorded in
 * one), enforces the budget, and closes them with a result computed on the final part of the answers.
 */
@ApplicationScoped
public class EpisodeService {

    private final TaskService tasks;
    private final TaskDataService data;
    private final GradingService grading;
    private final Environment environment;
    private final GymRegistry registry;
    private final GymConfig gym;
    private final TaskConfig taskConfig;
    private final dev.mledojo.sandbox.SandboxConfig sandbox;
    private final dev.mledojo.account.AccountService accounts;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public EpisodeService(TaskService tasks, TaskDataService data, GradingService grading, Environment environment,
            GymRegistry registry, GymConfig gym, TaskConfig taskConfig, dev.mledojo.sandbox.SandboxConfig sandbox,
            dev.mledojo.account.AccountService accounts) {
        this.tasks = tasks;
        this.data = data;
        this.grading = grading;
        this.environment = environment;
        this.registry = registry;
        this.gym = gym;
        this.taskConfig = taskConfig;
        this.sandbox = sandbox;
        this.accounts = accounts;
    }

    /**
     * Who is asking: their name, whether they are an admin, their account, and, for an episode token, the one episode
     * the caller may use (null: any episode the owner/admin rules allow).
     */
    public record Caller(String name, boolean admin, long userId, String episodeScope) {

        public Caller(String name, boolean admin, long userId) {
            this(name, admin, userId, null);
        }

        /** An agent holding an episode token: the owner's name, never admin rights, this episode only. */
        public static Caller episodeToken(String owner, long userId, String episodeId) {
            return new Caller(owner, false, userId, episodeId);
        }
    }

    // ---- create ------------------------------------------------------------------------------------------------------

    public EpisodeViews.Created create(Caller caller, EpisodeViews.CreateRequest request) {
        if (request == null || request.task() == null || request.task().isBlank()) {
            throw ApiException.badRequest("invalid-episode", "Name the task: {\"task\": \"practice-tabular-binary\"}.");
        }
        VersionRef version = tasks.currentVersion(request.task())
                .orElseThrow(() -> ApiException.notFound("unknown-task", "There is no task '" + request.task() + "'."));
        if (!grading.canGrade(version)) {
            throw ApiException.conflict("task-not-ready", "Task '" + request.task() + "' cannot run episodes yet: its data "
                    + "is not prepared or its metric is not available.");
        }
        EpisodeViews.Budget budget = request.budget() == null ? new EpisodeViews.Budget(null, null) : request.budget();
        int maxSteps = budget.maxSteps() == null ? gym.defaultMaxSteps() : budget.maxSteps();
        if (maxSteps < 1 || maxSteps > gym.maxStepsLimit()) {
            throw ApiException.badRequest("invalid-budget", "budget.max_steps must be between 1 and " + gym.maxStepsLimit()
                    + ", got " + maxSteps + ".");
        }
        int taskLimit = version.definition().resources().timeLimitSeconds();
        int wall = budget.wallTimeS() == null ? taskLimit : budget.wallTimeS();
        if (wall < 1 || wall > taskLimit) {
            throw ApiException.badRequest("invalid-budget", "budget.wall_time_s must be between 1 and the task's limit "
                    + taskLimit + ", got " + wall + ".");
        }
        ScoreMode scoreMode = scoreMode(request.scoreMode());
        long seed = request.seed() == null ? 0 : request.seed();
        FeedbackMode feedback = grading.feedbackMode();
        admit(caller);
        dev.mledojo.account.UsageEvent use = accounts.consume(accounts.user(caller.userId()),
                dev.mledojo.account.AccountService.EPISODE, version.slug());
        try {
            return start(caller, version, seed, maxSteps, wall, scoreMode, feedback);
        } catch (RuntimeException e) {
            accounts.refund(use.id); // the platform failed, not the user
            throw e;
        }
    }

    /** Refuses a new interactive episode beyond the user's concurrent limit. */
    private void admit(Caller caller) {
        int limit = accounts.concurrentEpisodes(accounts.user(caller.userId()));
        long open = QuarkusTransaction.requiringNew().call(() -> Episode.count("owner = ?1 and state = ?2", caller.name(),
                EpisodeState.RUNNING));
        if (open >= limit) {
            throw new ApiException(429, "quota-exceeded", "Quota exceeded", "You have " + open
                    + " open episodes, the most you may have at once is " + limit + ": close one (DELETE) first.",
                    Map.of("retryAfterSeconds", 60, "quota", "concurrent-episodes"));
        }
    }

    private EpisodeViews.Created start(Caller caller, VersionRef version, long seed, int maxSteps, int wall,
            ScoreMode scoreMode, FeedbackMode feedback) {
        Episode episode = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.interactive(caller.name(), version.id(), version.slug(), seed, maxSteps, wall, scoreMode,
                    feedback.wireName());
            e.persist();
            return e;
        });
        return new EpisodeViews.Created(episode.id, version.slug(), version.number(), opening(episode, version));
    }

    /** Creates the episode's folders and its start observation (the task's overview and the actions). */
    private Observation opening(Episode episode, VersionRef version) {
        try {
            Files.createDirectories(workspace(episode.id));
            Files.createDirectories(submissions(episode.id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EpisodeContext context = context(snapshot(episode, false), version);
        String overview = registry.info("overview").map(p -> p.provide(context)).orElse("");
        String feedbackText = "=== Episode Started ===\nTask " + version.slug() + " (" + version.definition().title()
                + "). Budget: " + episode.maxSteps + " steps, " + episode.wallTimeSeconds + " s. Actions: "
                + String.join(", ", registry.actions().keySet()) + ". Your code reads the data under "
                + EpisodeContext.DATA_MOUNT + " and writes " + version.definition().submissionFile() + " to "
                + EpisodeContext.WORKSPACE_MOUNT + ".\n\n=== Task Info (overview) ===\n" + overview;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("actions", actionList());
        return new Observation("start", "success", feedbackText, result, null,
                new Observation.Scores(null, null, null, null, null), 0,
                new Observation.Remaining(episode.maxSteps, episode.wallTimeSeconds), false, null);
    }

    /**
     * Starts an admitted (STARTING) episode of a submission: RUNNING from now, its budget clock starts.
     *
     * @return the start observation for the agent
     */
    public Observation begin(String id) {
        Episode episode = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(id);
            e.start();
            return e;
        });
        return opening(episode, versionOf(snapshot(episode, false)));
    }

    /** Mints the token of a running episode (returned once; stored hashed) for an agent that works from outside. */
    public String issueToken(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id).issueToken());
    }

    /** Why the episode's budget (steps, wall time, LLM tokens or cost) is used up, or null; for the runner. */
    public String exhausted(String id) {
        return QuarkusTransaction.requiringNew().call(() -> snapshot(Episode.findById(id), true).exhausted());
    }

    /**
     * Closes a still-open episode with its result (budget used up, or the agent stopped); a closed one is left alone.
     * Waits for a step in progress to end.
     */
    public void finish(String id, String reason) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            boolean open = QuarkusTransaction.requiringNew().call(() -> !Episode.<Episode>findById(id).state.closed());
            if (open) {
                try {
                    close(id, reason);
                } catch (IllegalStateException cancelledMeanwhile) {
                    // closed by someone else between the two transactions: nothing left to do
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends an episode without a result (agent or platform failure). */
    public void fail(String id, FailureReason reason, String detail) {
        QuarkusTransaction.requiringNew().run(() -> {
            Episode e = Episode.findById(id);
            if (!e.state.closed()) {
                e.fail(reason, detail);
            }
        });
    }

    private Map<String, String> actionList() {
        Map<String, String> actions = new LinkedHashMap<>();
        registry.actions().forEach((name, action) -> actions.put(name, action.description()));
        return actions;
    }

    private static ScoreMode scoreMode(String mode) {
        if (mode == null || mode.isBlank() || mode.equalsIgnoreCase("humanrank") || mode.equalsIgnoreCase("position")) {
            return ScoreMode.HUMANRANK;
        }
        if (mode.equalsIgnoreCase("raw")) {
            return ScoreMode.RAW;
        }
        throw ApiException.badRequest("invalid-score-mode", "score_mode must be humanrank (alias position) or raw, got '"
                + mode + "'.");
    }

    // ---- step --------------------------------------------------------------------------------------------------------

    /** What a step needs from the episode row, read in a short transaction. */
    record Snapshot(String id, long versionId, String slug, int stepCount, int submissionCount, Double bestScore,
            Double bestRank, Integer bestSubmission, ScoreMode scoreMode, FeedbackMode feedbackMode, int remainingSteps, Duration remainingWall,
            String exhausted, double totalReward) {
    }

    /**
     * Steps are bounded by the step and wall-time budgets; the LLM budget bounds model calls (the gateway refuses them),
     * so the action of the call that used it up still runs.
     */
    private static Snapshot snapshot(Episode e) {
        return snapshot(e, false);
    }

    /** @param llm whether the LLM budget counts too (summed in the caller's transaction) */
    private static Snapshot snapshot(Episode e, boolean llm) {
        Instant now = Instant.now();
        String exhausted = e.exhaustedBudget(now);
        if (llm && exhausted == null && e.hasLlmBudget()) {
            exhausted = e.exhaustedLlmBudget(AgentMessage.usage(e.id));
        }
        return new Snapshot(e.id, e.taskVersionId, e.taskSlug, e.stepCount, e.submissionCount, e.bestFeedbackScore,
                e.bestHumanRank, e.bestSubmission, e.scoreMode, FeedbackMode.valueOf(e.feedbackMode.toUpperCase(Locale.ROOT)),
                e.remainingSteps(), e.remainingWallTime(now), exhausted, e.totalReward);
    }

    public EpisodeViews.StepResponse step(Caller caller, String id, EpisodeViews.StepRequest request) {
        if (request == null) {
            throw ApiException.badRequest("invalid-step", "Send {\"action\": \"request_info\", \"params\": {...}}.");
        }
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw ApiException.conflict("step-in-progress", "Episode " + id + " is still performing a step; wait for it.");
        }
        try {
            Snapshot before = QuarkusTransaction.requiringNew().call(() -> snapshot(usable(caller, id)));
            VersionRef version = versionOf(before);
            if (before.exhausted() != null) {
                EpisodeResult result = close(id, before.exhausted());
                return doneResponse(before, result);
            }
            EpisodeContext context = context(before, version);
            Instant started = Instant.now();
            Environment.Performed performed = environment.perform(context, request.action(), request.params());
            long durationMs = Duration.between(started, Instant.now()).toMillis();
            ActionOutcome outcome = performed.outcome();
            if (outcome.resetWorkspace()) {
                resetWorkspace(id);
            }
            Snapshot after = QuarkusTransaction.requiringNew().call(() -> {
                Episode e = Episode.findById(id);
                e.record(step(performed, request, started, durationMs), submission(outcome), outcome.resetWorkspace());
                return snapshot(e);
            });
            boolean done = after.exhausted() != null;
            EpisodeResult result = done ? close(id, after.exhausted()) : null;
            Observation observation = observation(performed, after, done ? after.exhausted() : null);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("step", after.stepCount());
            info.put("action", performed.action());
            info.put("durationMs", durationMs);
            info.put("state", done ? EpisodeState.FINISHED.wireName() : EpisodeState.RUNNING.wireName());
            if (result != null) {
                info.put("result", result);
            }
            return new EpisodeViews.StepResponse(observation, outcome.reward(), done, info);
        } finally {
            lock.unlock();
        }
    }

    private static EpisodeStep step(Environment.Performed performed, EpisodeViews.StepRequest request, Instant started,
            long durationMs) {
        ActionOutcome outcome = performed.outcome();
        EpisodeStep step = new EpisodeStep();
        step.action = performed.action().isEmpty() ? "(none)" : performed.action();
        step.params = request.params() == null ? Map.of() : request.params();
        step.status = outcome.status().wireName();
        step.errorKind = outcome.error() == null ? null : outcome.error().kind();
        step.result = outcome.result();
        step.feedback = performed.feedback();
        step.reward = outcome.reward();
        step.startedAt = started;
        step.durationMs = durationMs;
        return step;
    }

    private static EpisodeSubmission submission(ActionOutcome outcome) {
        if (outcome.submission() == null) {
            return null;
        }
        var graded = outcome.submission();
        EpisodeSubmission s = new EpisodeSubmission();
        s.number = graded.number();
        s.filePath = graded.file().toString();
        s.valid = graded.valid();
        s.errorKind = graded.error() == null ? null : graded.error().kind();
        s.report = graded.report();
        if (graded.report() != null) {
            s.feedbackScore = graded.report().scores().feedback();
            s.feedbackRank = graded.report().feedback() == null ? null : graded.report().feedback().humanRank();
        }
        s.code = graded.code();
        s.createdAt = Instant.now();
        return s;
    }

    private static Observation observation(Environment.Performed performed, Snapshot after, String doneReason) {
        ActionOutcome outcome = performed.outcome();
        Double currentRaw = null;
        Double currentRank = null;
        if (outcome.submission() != null && outcome.submission().report() != null) {
            GradeReport r = outcome.submission().report();
            currentRaw = r.scores().feedback();
            currentRank = r.feedback() == null ? null : r.feedback().humanRank();
        }
        return new Observation(performed.action(), outcome.status().wireName(), performed.feedback(), outcome.result(),
                outcome.error() == null ? null : outcome.error().toMap(),
                new Observation.Scores(currentRaw, currentRank, after.bestScore(), after.bestRank(), after.bestSubmission()),
                after.stepCount(), new Observation.Remaining(after.remainingSteps(), after.remainingWall().toSeconds()),
                doneReason != null, doneReason);
    }

    private EpisodeViews.StepResponse doneResponse(Snapshot s, EpisodeResult result) {
        Observation observation = new Observation("(none)", "error", "=== Episode Over ===\nThe episode ended: "
                + s.exhausted() + ". No action was performed.", Map.of(), Map.of("kind", "budget_exhausted", "message",
                s.exhausted()), new Observation.Scores(null, null, s.bestScore(), s.bestRank(), s.bestSubmission()), s.stepCount(),
                new Observation.Remaining(s.remainingSteps(), s.remainingWall().toSeconds()), true, s.exhausted());
        return new EpisodeViews.StepResponse(observation, null, true, Map.of("state", "finished", "result", result));
    }

    // ---- close -------------------------------------------------------------------------------------------------------

    /** Closes an episode for its owner (idempotent: a closed episode returns its view). */
    public EpisodeViews.EpisodeView close(Caller caller, String id) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw ApiException.conflict("step-in-progress", "Episode " + id + " is still performing a step; close it after.");
        }
        try {
            Episode episode = QuarkusTransaction.requiringNew().call(() -> owned(caller, id));
            if (!episode.state.closed()) {
                close(id, "closed by " + caller.name());
            }
            return view(caller, id);
        } finally {
            lock.unlock();
        }
    }

    /** Computes the result from the graded submissions (best feedback score, ties to the latest) and closes. */
    EpisodeResult close(String id, String reason) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(id);
            EpisodeSubmission best = bestSubmission(id);
            long wall = Duration.between(e.startedAt, Instant.now()).toSeconds();
            EpisodeResult result;
            if (best == null) {
                result = new EpisodeResult(false, null, null, null, null, null, null, null, Medal.NONE, false, e.stepCount,
                        e.submissionCount, wall, reason, tasksHash(e));
            } else {
                GradeReport r = best.report;
                result = new EpisodeResult(true, best.number, r.scores().feedback(), r.scores().finalScore(),
                        r.scores().full(), r.standing().humanRank(), r.standing().humanRankPublic(),
                        r.standing().humanRankPrivate(), r.medal(), r.aboveMedian(), e.stepCount, e.submissionCount, wall,
                        reason, r.taskVersion());
            }
            e.finish(result, reason);
            return result;
        });
    }

    /** The episode's best valid submission by feedback score (ties to the latest), or null. */
    static EpisodeSubmission bestSubmission(String id) {
        List<EpisodeSubmission> subs = EpisodeSubmission.list("episodeId = ?1 and valid = true order by number", id);
        EpisodeSubmission best = null;
        for (EpisodeSubmission s : subs) {
            if (best == null || better(s, best)) {
                best = s;
            }
        }
        return best;
    }

    /** The best submission for exports (across resets, as the result counts it). */
    @Transactional
    public java.util.Optional<EpisodeSubmission> best(Caller caller, String id) {
        owned(caller, id);
        return java.util.Optional.ofNullable(bestSubmission(id));
    }

    /** Ties go to the later submission (it is iterated later, so only a strictly worse score loses). */
    private static boolean better(EpisodeSubmission candidate, EpisodeSubmission best) {
        if (candidate.feedbackScore == null || best.feedbackScore == null) {
            return true; // feedback mode none: the latest valid submission counts
        }
        boolean hib = candidate.report.higherIsBetter();
        return hib ? candidate.feedbackScore >= best.feedbackScore : candidate.feedbackScore <= best.feedbackScore;
    }

    private static String tasksHash(Episode e) {
        dev.mledojo.task.TaskVersion v = dev.mledojo.task.TaskVersion.findById(e.taskVersionId);
        return v == null ? null : v.contentHash;
    }

    // ---- read --------------------------------------------------------------------------------------------------------

    @Transactional
    public EpisodeViews.EpisodeView view(Caller caller, String id) {
        Episode e = owned(caller, id);
        dev.mledojo.task.TaskVersion v = dev.mledojo.task.TaskVersion.findById(e.taskVersionId);
        return new EpisodeViews.EpisodeView(e.id, e.taskSlug, v.number, e.owner, e.agentKind, e.state.wireName(), e.seed,
                e.stepCount, e.maxSteps, e.wallTimeSeconds, e.scoreMode.wireName(), e.feedbackMode, e.totalReward,
                e.bestFeedbackScore, e.bestHumanRank, e.bestSubmission, e.createdAt, e.endedAt, e.endReason, e.result);
    }

    @Transactional
    public EpisodeViews.History history(Caller caller, String id) {
        Episode e = owned(caller, id);
        return new EpisodeViews.History(e.id, e.taskSlug, EpisodeStep.of(id).stream().map(EpisodeStep::view).toList());
    }

    /** The episode row, if the caller may use it. */
    Episode owned(Caller caller, String id) {
        Episode e = id == null ? null : Episode.findById(id);
        if (e == null) {
            throw ApiException.notFound("unknown-episode", "There is no episode '" + id + "'.");
        }
        if (caller.episodeScope() != null && !caller.episodeScope().equals(e.id)) {
            throw new ApiException(403, "token-wrong-episode", "Forbidden", "This episode token is for another episode.",
                    null);
        }
        if (!e.mayBeUsedBy(caller.name(), caller.admin())) {
            throw new ApiException(403, "not-your-episode", "Forbidden", "Episode " + id + " belongs to another user.", null);
        }
        return e;
    }

    private Episode usable(Caller caller, String id) {
        Episode e = owned(caller, id);
        if (e.state.closed()) {
            throw ApiException.conflict("episode-closed", "Episode " + id + " is " + e.state.wireName()
                    + (e.endReason == null ? "" : " (" + e.endReason + ")") + "; start a new one.");
        }
        return e;
    }

    private VersionRef versionOf(Snapshot s) {
        VersionRef current = tasks.currentVersion(s.slug()).orElseThrow();
        if (current.id() == s.versionId()) {
            return current;
        }
        return tasks.version(s.versionId()).orElseThrow();
    }

    // ---- workspace ---------------------------------------------------------------------------------------------------

    Path episodeDir(String id) {
        return Path.of(taskConfig.dataDir()).toAbsolutePath().resolve("episodes").resolve(id);
    }

    Path workspace(String id) {
        return episodeDir(id).resolve("workspace");
    }

    Path submissions(String id) {
        return episodeDir(id).resolve("submissions");
    }

    private void resetWorkspace(String id) {
        Path ws = workspace(id);
        try (Stream<Path> walk = Files.walk(ws)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(ws)) {
                    Files.delete(p); // deletes links themselves, never their targets
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EpisodeContext context(Snapshot s, VersionRef version) {
        Path publicDir = data.versionDir(version.slug(), version.definition().contentHash()).resolve("public");
        SandboxLimits defaults = sandbox.defaultLimits();
        Duration taskLimit = Duration.ofSeconds(version.definition().resources().timeLimitSeconds());
        Duration wall = min(min(defaults.wallTime(), taskLimit), s.remainingWall());
        // the task's resource profile narrows the platform's limits, it never widens them
        long memory = Math.min(defaults.memoryBytes(), version.definition().resources().memoryBytes());
        SandboxLimits limits = new SandboxLimits(wall, min(defaults.cpuTime(), wall.multipliedBy(2)),
                Math.max(memory, 64 * SandboxLimits.MIB), defaults.maxProcesses(), defaults.maxFileBytes(), defaults.maxWorkspaceBytes(),
                defaults.maxOutputBytes());
        String id = s.id();
        return new EpisodeContext(id, version, publicDir, workspace(id), submissions(id), s.stepCount() + 1,
                s.submissionCount(), s.bestScore(), s.bestRank(), s.scoreMode(), s.feedbackMode(),
                new EpisodeContext.Budget(s.remainingSteps(), s.remainingWall()), limits,
                () -> QuarkusTransaction.requiringNew().call(() -> EpisodeStep.of(id).stream().map(EpisodeStep::view).toList()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** For exports. */
    @Transactional
    public Episode episodeFor(Caller caller, String id) {
        return owned(caller, id);
    }

    /** The agent's conversation recorded by the LLM gateway, in order. */
    @Transactional
    public List<AgentMessage> messages(String id) {
        return AgentMessage.of(id);
    }

    @Transactional
    public List<StepView> steps(String id) {
        return EpisodeStep.of(id).stream().map(EpisodeStep::view).toList();
    }
}
