package dev.mledojo.episode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.mledojo.account.Requester;
import dev.mledojo.error.DomainException;
import dev.mledojo.grading.FeedbackMode;
import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.GradingService;
import dev.mledojo.gym.ActionOutcome;
import dev.mledojo.gym.Best;
import dev.mledojo.gym.Environment;
import dev.mledojo.gym.EpisodeContext.ScoreMode;
import dev.mledojo.gym.EpisodeContext;
import dev.mledojo.gym.GymConfig;
import dev.mledojo.gym.GymRegistry;
import dev.mledojo.gym.Observation;
import dev.mledojo.gym.StepView;
import dev.mledojo.sandbox.CodeExecutor;
import dev.mledojo.sandbox.SandboxLimits;
import dev.mledojo.sandbox.Workspaces;
import dev.mledojo.task.TaskConfig;
import dev.mledojo.task.TaskDataService;
import dev.mledojo.task.TaskService.VersionRef;
import dev.mledojo.task.TaskService;
import io.quarkus.logging.Log;
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
    /** The local sandbox: told when a workspace is emptied or removed (a sandbox may wait for its next run). */
    private final CodeExecutor executor;
    private final dev.mledojo.account.AccountService accounts;

    public EpisodeService(TaskService tasks, TaskDataService data, GradingService grading, Environment environment,
            GymRegistry registry, GymConfig gym, TaskConfig taskConfig, dev.mledojo.sandbox.SandboxConfig sandbox,
            dev.mledojo.account.AccountService accounts, CodeExecutor executor) {
        this.tasks = tasks;
        this.data = data;
        this.grading = grading;
        this.environment = environment;
        this.registry = registry;
        this.gym = gym;
        this.taskConfig = taskConfig;
        this.sandbox = sandbox;
        this.accounts = accounts;
        this.executor = executor;
    }

    // ---- create ------------------------------------------------------------------------------------------------------

    public EpisodeViews.Created create(Requester caller, EpisodeViews.CreateRequest request) {
        if (request == null || request.task() == null || request.task().isBlank()) {
            throw DomainException.invalid("invalid-episode", "Name the task: {\"task\": \"practice-tabular-binary\"}.");
        }
        VersionRef version = tasks.currentVersion(request.task())
                .orElseThrow(() -> DomainException.notFound("unknown-task", "There is no task '" + request.task() + "'."));
        if (!grading.canGrade(version)) {
            throw DomainException.conflict("task-not-ready", "Task '" + request.task() + "' cannot run episodes yet: its data "
                    + "is not prepared or its metric is not available.");
        }
        EpisodeViews.Budget budget = request.budget() == null ? new EpisodeViews.Budget(null, null) : request.budget();
        int maxSteps = budget.maxSteps() == null ? gym.defaultMaxSteps() : budget.maxSteps();
        if (maxSteps < 1 || maxSteps > gym.maxStepsLimit()) {
            throw DomainException.invalid("invalid-budget", "budget.max_steps must be between 1 and " + gym.maxStepsLimit()
                    + ", got " + maxSteps + ".").onField("budget.max_steps");
        }
        int taskLimit = version.definition().resources().timeLimitSeconds();
        int wall = budget.wallTimeS() == null ? taskLimit : budget.wallTimeS();
        if (wall < 1 || wall > taskLimit) {
            throw DomainException.invalid("invalid-budget", "budget.wall_time_s must be between 1 and the task's limit "
                    + taskLimit + ", got " + wall + ".").onField("budget.wall_time_s");
        }
        ScoreMode scoreMode = scoreMode(request.scoreMode());
        long seed = request.seed() == null ? 0 : request.seed();
        FeedbackMode feedback = grading.feedbackMode();
        long[] use = new long[1];
        // the concurrency check, the daily charge and the insert in one transaction, under the user's quota lock:
        // parallel requests are admitted one after the other, each seeing the episodes the earlier ones opened
        Episode episode = QuarkusTransaction.requiringNew().call(() -> {
            accounts.lockQuota(caller.userId(), "episodes");
            admit(caller);
            use[0] = accounts.consume(accounts.user(caller.userId()), dev.mledojo.account.AccountService.EPISODE,
                    version.slug()).id;
            Episode e = Episode.interactive(caller.name(), version.id(), version.slug(), seed, maxSteps, wall, scoreMode,
                    feedback.wireName());
            e.dataHash = version.dataHash();
            e.persist();
            return e;
        });
        try {
            return new EpisodeViews.Created(episode.id, version.slug(), version.number(), opening(episode, version));
        } catch (RuntimeException e) {
            accounts.refund(use[0]); // the platform failed, not the user
            throw e;
        }
    }

    /** Refuses a new interactive episode beyond the user's concurrent limit (in the caller's transaction). */
    private void admit(Requester caller) {
        int limit = accounts.concurrentEpisodes(accounts.user(caller.userId()));
        long open = Episode.count("owner = ?1 and state = ?2", caller.name(), EpisodeState.RUNNING);
        if (open >= limit) {
            throw DomainException.quotaExceeded("quota-exceeded", "You have " + open
                    + " open episodes, the most you may have at once is " + limit + ": close one (DELETE) first.", 60L)
                    .with("quota", "concurrent-episodes");
        }
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
     * A step in progress (an agent program's last call, say) is waited for: the close takes the step claim.
     */
    public void finish(String id, String reason) {
        String claim = UUID.randomUUID().toString();
        Instant giveUp = Instant.now().plus(STEP_GRACE);
        while (!QuarkusTransaction.requiringNew().call(() -> claim(id, claim))) {
            boolean open = QuarkusTransaction.requiringNew().call(() -> !Episode.<Episode>findById(id).state.closed());
            if (!open || Instant.now().isAfter(giveUp)) {
                if (open) {
                    Log.warnf("episode %s: a step is still claimed after %s; closing it anyway", id, STEP_GRACE);
                    close(id, reason);
                }
                return;
            }
            pause();
        }
        try {
            close(id, reason);
        } finally {
            release(id, claim);
        }
    }

    /** How long a step may outlive its time limit before its claim lapses (grading, recording; a replica's death). */
    static final Duration STEP_GRACE = Duration.ofMinutes(5);

    private static boolean claim(String id, String claim) {
        Episode e = Episode.findById(id);
        Instant now = Instant.now();
        return Episode.claimStep(id, claim, now.plusSeconds(e.wallTimeSeconds).plus(STEP_GRACE), now);
    }

    private static void release(String id, String claim) {
        QuarkusTransaction.requiringNew().run(() -> Episode.releaseStep(id, claim));
    }

    private static void pause() {
        try {
            Thread.sleep(100); // waiting for another replica's step to end: there is no row-level notification to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a step to end", e);
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
        removeWorkspace(id);
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
        throw DomainException.invalid("invalid-score-mode", "score_mode must be humanrank (alias position) or raw, got '"
                + mode + "'.");
    }

    // ---- step --------------------------------------------------------------------------------------------------------

    /** What a step needs from the episode row, read in a short transaction. */
    record Snapshot(String id, long versionId, String slug, int stepCount, int submissionCount, Best best,
            ScoreMode scoreMode, FeedbackMode feedbackMode, int remainingSteps, Duration remainingWall,
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
        return new Snapshot(e.id, e.taskVersionId, e.taskSlug, e.stepCount, e.submissionCount, e.best(), e.scoreMode, FeedbackMode.valueOf(e.feedbackMode.toUpperCase(Locale.ROOT)),
                e.remainingSteps(), e.remainingWallTime(now), exhausted, e.totalReward);
    }

    /**
     * Takes one step. The step claims its episode in the database first, so a second concurrent step on any replica
     * gets {@code 409 step-in-progress} at once; the action runs outside any transaction, then the step is recorded
     * by an update guarded by the claim (an episode closed meanwhile records nothing) that gives the claim back.
     */
    public EpisodeViews.StepResponse step(Requester caller, String id, EpisodeViews.StepRequest request) {
        return step(() -> caller, id, request, null, null);
    }

    /**
     * Takes one step for a caller resolved inside the claiming transaction (the web edge's account look-up joins it
     * instead of costing a transaction of its own).
     */
    public EpisodeViews.StepResponse step(Supplier<Requester> caller, String id,
            EpisodeViews.StepRequest request) {
        return step(caller, id, request, null, null);
    }

    /**
     * Takes one step, as {@link #step(Requester, String, EpisodeViews.StepRequest)}, for the runner of an episode
     * that runs as a Kubernetes Job: a code action comes with the run its pod reported ({@code podRun}), and the step
     * carries its number, so a retried report of a step already recorded gets that step's response again instead of
     * being taken twice (checked under the step claim).
     *
     * @param podRun the run the pod reported for a code action, or null
     * @param expectedStep the number this step must get, or null (any)
     */
    public EpisodeViews.StepResponse step(Requester caller, String id, EpisodeViews.StepRequest request,
            CodeExecutor podRun, Integer expectedStep) {
        return step(() -> caller, id, request, podRun, expectedStep);
    }

    private EpisodeViews.StepResponse step(Supplier<Requester> caller, String id,
            EpisodeViews.StepRequest request, CodeExecutor podRun, Integer expectedStep) {
        if (request == null) {
            throw DomainException.invalid("invalid-step", "Send {\"action\": \"request_info\", \"params\": {...}}.");
        }
        dev.mledojo.error.Text.refuseNul(request.action(), "action"); // refused before anything runs or is claimed
        dev.mledojo.error.Text.refuseNul(request.params(), "params");
        StepParams.refuseLongAction(request.action());
        StepParams.refuseOversized(request.params(), gym.maxParamChars()); // nothing stored or run beyond the limit
        String claim = UUID.randomUUID().toString();
        boolean[] codeHere = new boolean[1];
        boolean[] released = new boolean[1];
        VersionRef[] versionOf = new VersionRef[1];
        Episode[] claimed = new Episode[1];
        Snapshot before = QuarkusTransaction.requiringNew().call(() -> {
            Requester requester = caller.get();
            Instant now = Instant.now();
            // one statement authorises, claims and reads; when it does not apply, the row read says why
            Episode e = requester.episodeScope() != null && !requester.episodeScope().equals(id) ? null
                    : Episode.claimForStep(id, claim, requester, STEP_GRACE, now).orElse(null);
            if (e == null) {
                e = usable(requester, id); // authorised before anything is written
                if (!claim(id, claim)) {
                    throw Episode.stepInProgress(id);
                }
                // read again under the claim: a step that ended between the read and the claim changed the counters
                Episode.getEntityManager().refresh(e);
            }
            claimed[0] = e;
            codeHere[0] = e.runsCodeOnPlatform();
            // the episode's own version, read here rather than in a transaction of its own
            versionOf[0] = tasks.offeredVersion(e.taskVersionId).orElseThrow(); // immutable: cached after the first
            return snapshot(e);
        });
        try {
            if (expectedStep != null && before.stepCount() >= expectedStep) {
                return replay(id, expectedStep);
            }
            if (expectedStep != null && before.stepCount() + 1 != expectedStep) {
                throw DomainException.conflict("step-out-of-order", "Episode " + id + " has taken " + before.stepCount()
                        + " steps; the next one is " + (before.stepCount() + 1) + ", not " + expectedStep + ".")
                        .with("stepCount", before.stepCount());
            }
            boolean runsCode = request.action() != null
                    && registry.action(request.action()).map(dev.mledojo.gym.Action::runsCode).orElse(false);
            if (runsCode && podRun == null && !codeHere[0]) {
                throw DomainException.conflict("code-runs-in-pod", "Episode " + id + " runs as a Kubernetes Job: its "
                        + "code runs in its pod, whose runner reports each run; " + request.action()
                        + " is not taken here.");
            }
            if (podRun != null && codeHere[0]) {
                throw DomainException.conflict("not-a-pod-episode", "Episode " + id + " runs on the platform; its code "
                        + "runs in the platform's sandbox, not in a pod.");
            }
            VersionRef version = versionOf[0];
            if (before.exhausted() != null) {
                EpisodeResult result = close(id, before.exhausted());
                return doneResponse(before, result);
            }
            EpisodeContext context = context(before, version);
            if (podRun != null && runsCode) {
                context = context.withPodRun(podRun);
            }
            Instant started = Instant.now();
            Environment.Performed performed = environment.perform(context, request.action(), request.params());
            long durationMs = Duration.between(started, Instant.now()).toMillis();
            ActionOutcome outcome = performed.outcome();
            if (outcome.resetWorkspace()) {
                resetWorkspace(id);
            }
            // one transaction records the step and, unless the step ended the episode (then the close below needs the
            // claim), gives the claim back
            Snapshot after = QuarkusTransaction.requiringNew().call(() -> {
                Episode e = claimed[0]; // the row as claimed: only the claim holder changes what a step records
                EpisodeStep step = step(performed, storedParams(performed, request), started, durationMs);
                EpisodeSubmission submission = submission(outcome);
                e.track(step, submission, outcome.resetWorkspace());
                Snapshot recorded = snapshot(e);
                boolean release = recorded.exhausted() == null;
                if (!e.writeTracked(claim, release)) {
                    throw notRecorded(id);
                }
                step.persist();
                if (submission != null) {
                    submission.persist();
                }
                released[0] = release;
                return recorded;
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
            if (!released[0]) {
                release(id, claim);
            }
        }
    }

    /** Why a step that ran could not be recorded: its episode was closed meanwhile, or (rarer) its claim lapsed. */
    private static DomainException notRecorded(String id) {
        Episode now = Episode.findById(id);
        if (now.state.closed()) {
            return now.closedError();
        }
        return DomainException.conflict("step-claim-lapsed", "Episode " + id + ": this step outlived its claim (the "
                + "episode's wall time and " + STEP_GRACE.toMinutes() + " minutes) and another call took it; the step "
                + "was not recorded.");
    }

    /** The response of a step already recorded (a runner's retried report), rebuilt from its row. */
    private static EpisodeViews.StepResponse replay(String id, int number) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EpisodeStep s = EpisodeStep.<EpisodeStep>find("episodeId = ?1 and number = ?2", id, number).firstResult();
            if (s == null) {
                throw DomainException.conflict("step-out-of-order", "Episode " + id + " has no step " + number + ".");
            }
            Snapshot now = snapshot(Episode.findById(id));
            Observation observation = new Observation(s.action, s.status, s.feedback, s.result,
                    s.errorKind == null ? null : Map.of("kind", s.errorKind),
                    new Observation.Scores(null, null, now.best().score(), now.best().humanRank(), now.best().submission()),
                    s.number, new Observation.Remaining(now.remainingSteps(), now.remainingWall().toSeconds()), s.done,
                    null);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("step", s.number);
            info.put("action", s.action);
            info.put("durationMs", s.durationMs);
            info.put("state", EpisodeState.RUNNING.wireName());
            info.put("replayed", true);
            return new EpisodeViews.StepResponse(observation, s.reward, s.done, info);
        });
    }

    /** The params as stored: a refused code and the values of undeclared params cut (see {@link StepParams}). */
    private Map<String, Object> storedParams(Environment.Performed performed, EpisodeViews.StepRequest request) {
        return StepParams.storable(request.params(), performed.action(),
                registry.action(performed.action()).flatMap(dev.mledojo.gym.Action::params), performed.outcome(),
                gym.maxCodeBytes());
    }

    private static EpisodeStep step(Environment.Performed performed, Map<String, Object> params, Instant started,
            long durationMs) {
        ActionOutcome outcome = performed.outcome();
        EpisodeStep step = new EpisodeStep();
        step.action = performed.action().isEmpty() ? "(none)" : performed.action();
        step.params = params;
        step.status = outcome.status().wireName();
        step.errorKind = outcome.error() == null ? null : outcome.error().kind();
        // whatever the program printed or the grader quoted, the step is recorded (the database refuses NUL)
        step.result = dev.mledojo.error.Text.storableDeep(outcome.result());
        step.feedback = dev.mledojo.error.Text.storable(performed.feedback());
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
                new Observation.Scores(currentRaw, currentRank, after.best().score(), after.best().humanRank(), after.best().submission()),
                after.stepCount(), new Observation.Remaining(after.remainingSteps(), after.remainingWall().toSeconds()),
                doneReason != null, doneReason);
    }

    private EpisodeViews.StepResponse doneResponse(Snapshot s, EpisodeResult result) {
        Observation observation = new Observation("(none)", "error", "=== Episode Over ===\nThe episode ended: "
                + s.exhausted() + ". No action was performed.", Map.of(), Map.of("kind", "budget_exhausted", "message",
                s.exhausted()), new Observation.Scores(null, null, s.best().score(), s.best().humanRank(), s.best().submission()), s.stepCount(),
                new Observation.Remaining(s.remainingSteps(), s.remainingWall().toSeconds()), true, s.exhausted());
        return new EpisodeViews.StepResponse(observation, null, true, Map.of("state", "finished", "result", result));
    }

    // ---- close -------------------------------------------------------------------------------------------------------

    /** Closes an episode for its owner (idempotent: a closed episode returns its view); not while a step runs. */
    public EpisodeViews.EpisodeView close(Requester caller, String id) {
        String claim = UUID.randomUUID().toString();
        boolean open = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = owned(caller, id);
            if (e.state.closed()) {
                return false;
            }
            if (!claim(id, claim)) {
                throw DomainException.conflict(Episode.STEP_IN_PROGRESS, "Episode " + id
                        + " is still performing a step; close it after.");
            }
            return true;
        });
        if (open) {
            try {
                close(id, "closed by " + caller.name());
            } finally {
                release(id, claim);
            }
        }
        return view(caller, id);
    }

    /** Closes an open episode with its result (the caller holds the step claim); a closed one keeps its own. */
    EpisodeResult close(String id, String reason) {
        EpisodeResult result = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (e.state.closed()) {
                return e.result;
            }
            dev.mledojo.task.TaskVersion v = dev.mledojo.task.TaskVersion.findById(e.taskVersionId);
            return e.close(validSubmissions(id), reason, v == null ? null : v.contentHash, v == null ? null : v.dataHash,
                    Instant.now());
        });
        removeWorkspace(id);
        return result;
    }

    private static List<EpisodeSubmission> validSubmissions(String id) {
        return EpisodeSubmission.list("episodeId = ?1 and valid = true order by number", id);
    }

    /** The submission the result counts (for exports), by the same rule as the result. */
    @Transactional
    public java.util.Optional<EpisodeSubmission> best(Requester caller, String id) {
        Episode e = owned(caller, id);
        List<EpisodeSubmission> valid = validSubmissions(id);
        Integer number = e.result != null ? e.result.submission()
                : EpisodeResult.of(valid.stream().map(s -> new EpisodeResult.Graded(s.number, s.report)).toList(), 0, 0, 0,
                        null, null, null).submission();
        return valid.stream().filter(s -> number != null && s.number == number).findFirst();
    }

    // ---- read --------------------------------------------------------------------------------------------------------

    @Transactional
    public EpisodeViews.EpisodeView view(Requester caller, String id) {
        Episode e = owned(caller, id);
        dev.mledojo.task.TaskVersion v = dev.mledojo.task.TaskVersion.findById(e.taskVersionId);
        return new EpisodeViews.EpisodeView(e.id, e.taskSlug, v.number, e.dataHash != null ? e.dataHash : v.dataHash, e.owner, e.agentKind, e.state.wireName(), e.seed,
                e.stepCount, e.maxSteps, e.wallTimeSeconds, e.scoreMode.wireName(), e.feedbackMode, e.totalReward,
                e.bestFeedbackScore, e.bestHumanRank, e.bestSubmission, e.createdAt, e.endedAt, e.endReason, e.result);
    }

    @Transactional
    public EpisodeViews.History history(Requester caller, String id) {
        Episode e = owned(caller, id);
        return new EpisodeViews.History(e.id, e.taskSlug, EpisodeStep.of(id).stream().map(EpisodeStep::view).toList());
    }

    /** The episode row, if the caller may use it. */
    Episode owned(Requester caller, String id) {
        Episode e = id == null ? null : Episode.findById(id);
        if (e == null) {
            throw DomainException.notFound("unknown-episode", "There is no episode '" + id + "'.");
        }
        if (caller.episodeScope() != null && !caller.episodeScope().equals(e.id)) {
            throw DomainException.forbidden("token-wrong-episode", "This episode token is for another episode.");
        }
        if (!e.mayBeUsedBy(caller)) {
            throw DomainException.forbidden("not-your-episode", "Episode " + id + " belongs to another user.");
        }
        return e;
    }

    private Episode usable(Requester caller, String id) {
        Episode e = owned(caller, id);
        if (e.state.closed()) {
            throw e.closedError();
        }
        if (e.state != EpisodeState.RUNNING) {
            throw DomainException.conflict("episode-not-started", "Episode " + id + " is " + e.state.wireName()
                    + "; it takes steps once it runs.");
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
        executor.forget(workspace(id));
        try {
            // at any depth (a chain longer than PATH_MAX too), links themselves, never their targets
            Workspaces.deleteContents(workspace(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the workspace of episode " + id, e);
        }
    }

    /** A closed episode's workspace is of no use any more: it goes, whatever its code left in it. */
    private void removeWorkspace(String id) {
        executor.forget(workspace(id));
        try {
            Workspaces.delete(workspace(id));
        } catch (IOException | RuntimeException e) {
            Log.warnf(e, "episode %s: its workspace could not be deleted", id);
        }
    }

    private EpisodeContext context(Snapshot s, VersionRef version) {
        Path publicDir = data.dataDir(version).resolve("public"); // the episode's own version, never the current one
        SandboxLimits limits = limits(version, s.remainingWall());
        String id = s.id();
        return new EpisodeContext(id, version, publicDir, workspace(id), submissions(id), s.stepCount() + 1,
                s.submissionCount(), s.best(), s.scoreMode(), s.feedbackMode(),
                new EpisodeContext.Budget(s.remainingSteps(), s.remainingWall()), limits,
                () -> QuarkusTransaction.requiringNew().call(() -> EpisodeStep.of(id).stream().map(EpisodeStep::view).toList()),
                null);
    }

    /**
     * The limits of one run of an episode's code on {@code version} with {@code remainingWall} left: the platform's
     * defaults, narrowed (never widened) by the task's resource profile; the same for a run in a pod.
     */
    public SandboxLimits limits(VersionRef version, Duration remainingWall) {
        SandboxLimits defaults = sandbox.defaultLimits();
        Duration taskLimit = Duration.ofSeconds(version.definition().resources().timeLimitSeconds());
        Duration wall = min(min(defaults.wallTime(), taskLimit), remainingWall);
        long memory = Math.min(defaults.memoryBytes(), version.definition().resources().memoryBytes());
        return new SandboxLimits(wall, min(defaults.cpuTime(), wall.multipliedBy(2)),
                Math.max(memory, 64 * SandboxLimits.MIB), defaults.maxProcesses(), defaults.maxFileBytes(),
                defaults.maxWorkspaceBytes(), defaults.maxOutputBytes(), defaults.maxWorkspaceEntries());
    }

    /** Where a pod's runner uploads submission files of episode {@code id} (never mounted into a sandbox). */
    public Path uploads(String id) {
        return episodeDir(id).resolve("uploads");
    }

    /** The start observation of a running episode again (the task's overview and the actions), e.g. for its pod. */
    public Observation opening(String id) {
        Episode episode = QuarkusTransaction.requiringNew().call(() -> Episode.<Episode>findById(id));
        return opening(episode, versionOf(snapshot(episode, false)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** For exports. */
    @Transactional
    public Episode episodeFor(Requester caller, String id) {
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
