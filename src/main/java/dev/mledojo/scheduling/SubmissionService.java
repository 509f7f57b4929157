package dev.mledojo.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mledojo.account.AccountService;
import dev.mledojo.account.UserAccount;
import dev.mledojo.agent.Agent;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeResult;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.EpisodesCancelled;
import dev.mledojo.error.DomainException;
import dev.mledojo.grading.GradingService;
import dev.mledojo.gym.GymConfig;
import dev.mledojo.task.Task;
import dev.mledojo.task.TaskService;
import dev.mledojo.task.TaskStatus;

/**
 * Submissions: an agent version × a suite of tasks × seeds × budgets becomes one queued episode per (task, seed);
 * idempotent by key, cancellable, re-runnable by admins, with each queued episode's position and an ETA.
 */
@ApplicationScoped
public class SubmissionService {

    private static final int MAX_SEEDS = 10;
    private static final int MAX_SUITE_TASKS = 1000;
    /** Agent names, task slugs and tags: what can be looked up at all (anything else is unknown, never queried). */
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,199}";

    private final TaskService tasks;
    private final GradingService grading;
    private final GymConfig gym;
    private final AccountService accounts;
    private final Scheduler scheduler;
    private final SchedulingConfig scheduling;

    private final Event<EpisodesCancelled> cancelled;

    public SubmissionService(TaskService tasks, GradingService grading, GymConfig gym, AccountService accounts,
            Scheduler scheduler, SchedulingConfig scheduling, Event<EpisodesCancelled> cancelled) {
        this.cancelled = cancelled;
        this.tasks = tasks;
        this.grading = grading;
        this.gym = gym;
        this.accounts = accounts;
        this.scheduler = scheduler;
        this.scheduling = scheduling;
    }

    /** {@code POST /api/v1/submissions}. */
    public record CreateRequest(String agent, Integer version, Suite suite, Integer seeds, Budget budget) {
    }

    /** Which tasks: a list, a tag (e.g. {@code mle-lite}), a domain (e.g. {@code tabular}), or every ready task. */
    public record Suite(List<String> tasks, String tag, Boolean all, String domain) {

        public Suite(List<String> tasks, String tag, Boolean all) {
            this(tasks, tag, all, null);
        }
    }

    /**
     * What the owner may still queue: episodes waiting now against the limit on waiting episodes, and episodes started
     * today against the daily limit.
     */
    public record QuotaLeft(long queued, int queuedLimit, long today, int perDay) {

        /** How many more episodes one submission may have now. */
        public long episodesLeft() {
            return Math.max(0, Math.min(queuedLimit - queued, perDay - today));
        }
    }

    /** Budgets per episode: steps, wall time, and the LLM gateway's tokens (prompt + completion) and cost. */
    public record Budget(@JsonProperty("max_steps") Integer maxSteps, @JsonProperty("wall_time_s") Integer wallTimeS,
            @JsonProperty("max_tokens") Long maxTokens, @JsonProperty("max_cost") Double maxCost) {

        public Budget(Integer maxSteps, Integer wallTimeS) {
            this(maxSteps, wallTimeS, null, null);
        }
    }

    /** One episode of a submission. */
    public record EpisodeLine(String id, String task, long seed, int attempt, String state, Integer position,
            Long etaSeconds, String endReason, EpisodeResult result) {
    }

    /** A submission and its progress. */
    public record SubmissionView(long id, String owner, String agent, int version, List<String> suite, int seeds,
            String state, Map<String, Long> counts, double progress, List<EpisodeLine> episodes, Instant createdAt) {
    }

    /** One line of a user's submission list: what ran, and how far it got. */
    public record SubmissionSummary(long id, String agent, int version, int tasks, int seeds, String state,
            long episodes, long closed, double progress, Instant createdAt) {
    }

    /** @return the submission, and whether it was created now (false: the idempotency key matched an earlier one) */
    public record Created(SubmissionView submission, boolean created) {
    }

    @Transactional
    public Created create(String owner, String idempotencyKey, CreateRequest r) {
        if (idempotencyKey != null && !idempotencyKey.isBlank()
                && (idempotencyKey.length() > 200 || hasControl(idempotencyKey))) {
            throw DomainException.invalid("invalid-submission", "The Idempotency-Key is at most 200 characters of text.");
        }
        // one submission of this owner at a time, from the idempotency check to the quota check and the insert
        accounts.lockQuota(accounts.current(owner).id, "submissions");
        if (idempotencyKey != null && !idempotencyKey.isBlank()) {
            var earlier = Submission.<Submission>find("owner = ?1 and idempotencyKey = ?2", owner, idempotencyKey)
                    .firstResultOptional();
            if (earlier.isPresent()) {
                return new Created(view(earlier.get()), false);
            }
        }
        if (r == null || r.agent() == null || r.suite() == null) {
            throw DomainException.invalid("invalid-submission",
                    "Send {\"agent\": \"<name>\", \"suite\": {\"tasks\": [...]} | {\"tag\": \"mle-lite\"} | "
                    + "{\"domain\": \"tabular\"} | {\"all\": true}}.").onField(r == null || r.agent() == null ? "agent" : "suite");
        }
        // a name no agent can have is not looked up (the database refuses NUL bytes)
        Agent agent = (r.agent().matches(NAME) ? Agent.find(owner, r.agent()) : java.util.Optional.<Agent>empty())
                .orElseThrow(() -> DomainException.notFound("unknown-agent", "You have no agent '" + printable(r.agent())
                        + "'.").onField("agent"));
        AgentVersion version = r.version() == null
                ? AgentVersion.<AgentVersion>find("agent = ?1 order by number desc", agent).firstResult()
                : AgentVersion.<AgentVersion>find("agent = ?1 and number = ?2", agent, r.version()).firstResult();
        if (version == null) {
            throw DomainException.notFound("unknown-agent-version", "Agent '" + r.agent() + "' has no version " + r.version() + ".")
                    .onField("version");
        }
        int seeds = r.seeds() == null ? 1 : r.seeds();
        if (seeds < 1 || seeds > MAX_SEEDS) {
            throw DomainException.invalid("invalid-submission", "seeds must be between 1 and " + MAX_SEEDS + ".")
                    .onField("seeds");
        }
        int maxSteps = r.budget() == null || r.budget().maxSteps() == null ? gym.defaultMaxSteps() : r.budget().maxSteps();
        if (maxSteps < 1 || maxSteps > gym.maxStepsLimit()) {
            throw DomainException.invalid("invalid-budget", "budget.max_steps must be between 1 and " + gym.maxStepsLimit() + ".")
                    .onField("budget.max_steps");
        }
        Budget budget = r.budget() == null ? new Budget(null, null) : r.budget();
        if (budget.wallTimeS() != null && budget.wallTimeS() < 1) {
            throw DomainException.invalid("invalid-budget", "budget.wall_time_s must be at least 1 second (leave it out "
                    + "for each task's own time limit).").onField("budget.wall_time_s");
        }
        if (budget.maxTokens() != null && budget.maxTokens() < 1) {
            throw DomainException.invalid("invalid-budget", "budget.max_tokens must be positive.")
                    .onField("budget.max_tokens");
        }
        if (budget.maxCost() != null && !(budget.maxCost() > 0 && Double.isFinite(budget.maxCost()))) {
            throw DomainException.invalid("invalid-budget", "budget.max_cost must be positive.")
                    .onField("budget.max_cost");
        }
        List<TaskService.VersionRef> suite = resolve(r.suite());
        int episodes = suite.size() * seeds;
        UserAccount user = accounts.current(owner);
        QuotaLeft quota = quota(owner, user);
        if (quota.queued() + episodes > quota.queuedLimit()) {
            throw DomainException.quotaExceeded("quota-exceeded", "This submission would queue " + episodes
                    + " episodes; you have " + quota.queued() + " queued and may have at most " + quota.queuedLimit() + ".",
                    300L).with("quota", "queued-episodes").onField("suite");
        }
        if (quota.today() + episodes > quota.perDay()) {
            throw DomainException.quotaExceeded("quota-exceeded", "This submission has " + episodes
                    + " episodes; you may start " + (quota.perDay() - quota.today()) + " more today.",
                    3600L).with("quota", "episode").onField("suite");
        }
        Submission s = new Submission();
        s.owner = owner;
        s.agentVersion = version;
        s.suite = suite.stream().map(TaskService.VersionRef::slug).toList();
        s.seeds = seeds;
        s.maxSteps = maxSteps;
        s.wallTimeSeconds = budget.wallTimeS();
        s.maxTokens = budget.maxTokens();
        s.maxCost = budget.maxCost();
        s.priority = 0;
        s.idempotencyKey = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey;
        s.state = "active";
        s.createdAt = Instant.now();
        s.persist();
        enqueue(s, suite, agent.kind, user);
        return new Created(view(s), true);
    }

    private void enqueue(Submission s, List<TaskService.VersionRef> suite, String kind, UserAccount user) {
        for (TaskService.VersionRef v : suite) {
            int limit = v.definition().resources().timeLimitSeconds();
            int wall = s.wallTimeSeconds == null ? limit : Math.min(limit, s.wallTimeSeconds);
            for (int seed = 0; seed < s.seeds; seed++) {
                Episode e = Episode.queued(s.owner, v.id(), v.slug(), seed, s.maxSteps, wall, s.id, s.agentVersion.id,
                        kind, s.priority, grading.feedbackMode().wireName());
                e.dataHash = v.dataHash();
                e.maxTokens = s.maxTokens;
                e.maxCost = s.maxCost;
                e.persist();
                accounts.consume(user, AccountService.EPISODE, e.id);
            }
        }
    }

    /** The owner's room for more episodes (queued now, started today) under their quotas. */
    @Transactional
    public QuotaLeft quota(String owner) {
        return quota(owner, accounts.current(owner));
    }

    private QuotaLeft quota(String owner, UserAccount user) {
        AccountService.QuotaView quota = accounts.quota(user);
        long queued = Episode.count("owner = ?1 and state = ?2", owner, EpisodeState.QUEUED);
        return new QuotaLeft(queued, quota.queuedEpisodes(), quota.episodesToday(), quota.episodesPerDay());
    }

    private List<TaskService.VersionRef> resolve(Suite suite) {
        List<String> slugs;
        if (suite.tasks() != null && !suite.tasks().isEmpty()) {
            if (suite.tasks().size() > MAX_SUITE_TASKS) {
                throw DomainException.invalid("invalid-submission", "A suite names at most " + MAX_SUITE_TASKS
                        + " tasks; use a tag or a domain for larger suites.").onField("suite.tasks");
            }
            slugs = suite.tasks();
        } else if (suite.tag() != null && !suite.tag().isBlank()) {
            if (!suite.tag().matches(NAME)) {
                throw DomainException.invalid("invalid-submission", "There is no tag '" + printable(suite.tag()) + "'.")
                        .onField("suite.tag");
            }
            slugs = Task.<Task>list("select t from Task t join t.currentVersion v where v.tags like ?1 and v.status = ?2 "
                    + "order by t.slug", "%," + suite.tag() + ",%", TaskStatus.READY).stream().map(t -> t.slug).toList();
        } else if (suite.domain() != null && !suite.domain().isBlank()) {
            String domain = java.util.Arrays.stream(dev.mledojo.task.TaskDefinition.Domain.values())
                    .map(dev.mledojo.task.TaskDefinition.Domain::wireName)
                    .filter(d -> d.equalsIgnoreCase(suite.domain().strip())).findFirst()
                    .orElseThrow(() -> DomainException.invalid("invalid-submission", "There is no domain '"
                            + printable(suite.domain()) + "'; domains are " + java.util.Arrays.stream(
                                    dev.mledojo.task.TaskDefinition.Domain.values()).map(
                                    dev.mledojo.task.TaskDefinition.Domain::wireName).toList() + ".")
                            .onField("suite.domain"));
            slugs = Task.<Task>list("select t from Task t join t.currentVersion v where v.domain = ?1 and v.status = ?2 "
                    + "order by t.slug", domain, TaskStatus.READY).stream().map(t -> t.slug).toList();
        } else if (Boolean.TRUE.equals(suite.all())) {
            slugs = Task.<Task>list("select t from Task t join t.currentVersion v where v.status = ?1 order by t.slug",
                    TaskStatus.READY).stream().map(t -> t.slug).toList();
        } else {
            throw DomainException.invalid("invalid-submission", "The suite names tasks, a tag, a domain, or all: true.")
                    .onField("suite");
        }
        List<TaskService.VersionRef> refs = new ArrayList<>();
        List<String> notReady = new ArrayList<>();
        for (String slug : slugs) {
            if (slug == null || !slug.matches(NAME)) {
                notReady.add(slug == null ? "null" : printable(slug));
                continue;
            }
            var v = tasks.currentVersion(slug);
            if (v.isEmpty() || !grading.canGrade(v.get())) {
                notReady.add(slug);
            } else {
                refs.add(v.get());
            }
        }
        if (!notReady.isEmpty()) {
            throw DomainException.invalid("tasks-not-ready", "These tasks cannot run episodes (unknown, data not prepared, "
                    + "or metric unavailable): " + notReady + ".").onField("suite");
        }
        if (refs.isEmpty()) {
            throw DomainException.invalid("empty-suite", "The suite has no ready task.").onField("suite");
        }
        return refs;
    }

    @Transactional
    public SubmissionView get(String caller, boolean admin, long id) {
        return view(owned(caller, admin, id));
    }

    /** The owner's latest submissions, newest first, with their progress. */
    @Transactional
    public List<SubmissionSummary> mine(String owner, int limit) {
        List<Submission> subs = Submission.<Submission>find("owner = ?1 order by createdAt desc, id desc", owner)
                .page(0, limit).list();
        if (subs.isEmpty()) {
            return List.of();
        }
        Map<Long, long[]> counts = new java.util.HashMap<>();
        for (Object[] row : Episode.getEntityManager().createQuery("select e.submissionId, e.state, count(e) from Episode e "
                + "where e.submissionId in :ids group by e.submissionId, e.state", Object[].class)
                .setParameter("ids", subs.stream().map(s -> s.id).toList()).getResultList()) {
            long[] c = counts.computeIfAbsent((Long) row[0], k -> new long[2]);
            long n = ((Number) row[2]).longValue();
            c[0] += n;
            if (((EpisodeState) row[1]).closed()) {
                c[1] += n;
            }
        }
        List<SubmissionSummary> out = new ArrayList<>();
        for (Submission s : subs) {
            long[] c = counts.getOrDefault(s.id, new long[2]);
            out.add(new SubmissionSummary(s.id, s.agentVersion.agent.name, s.agentVersion.number, s.suite.size(), s.seeds,
                    s.state, c[0], c[1], c[0] == 0 ? 1.0 : (double) c[1] / c[0], s.createdAt));
        }
        return out;
    }

    /** Cancels every episode not yet finished; running ones stop at their next step. */
    @Transactional
    public SubmissionView cancel(String caller, boolean admin, long id) {
        Submission s = owned(caller, admin, id);
        if (!"cancelled".equals(s.state)) {
            s.state = "cancelled";
            s.cancelledAt = Instant.now();
            List<String> stopped = new ArrayList<>();
            for (Episode e : Episode.<Episode>list("submissionId = ?1", s.id)) {
                if (!e.state.closed()) {
                    stopped.add(e.id);
                }
                e.cancel(caller);
            }
            cancelled.fire(new EpisodesCancelled(stopped)); // launchers stop what runs, after the commit
        }
        return view(s);
    }

    /** An admin re-runs a submission: every (task, seed) is queued again, ahead of normal work. */
    @Transactional
    public SubmissionView rerun(String admin, long id) {
        Submission s = Submission.findById(id);
        if (s == null) {
            throw DomainException.notFound("unknown-submission", "There is no submission " + id + ".");
        }
        s.state = "active";
        for (String slug : s.suite) {
            TaskService.VersionRef v = tasks.currentVersion(slug).orElseThrow();
            int limit = v.definition().resources().timeLimitSeconds();
            for (int seed = 0; seed < s.seeds; seed++) {
                Episode e = Episode.queued(s.owner, v.id(), slug, seed, s.maxSteps,
                        s.wallTimeSeconds == null ? limit : Math.min(limit, s.wallTimeSeconds), s.id, s.agentVersion.id,
                        s.agentVersion.agent.kind, 10, grading.feedbackMode().wireName());
                e.dataHash = v.dataHash();
                e.maxTokens = s.maxTokens;
                e.maxCost = s.maxCost;
                e.persist();
            }
        }
        return view(s);
    }

    private static Submission owned(String caller, boolean admin, long id) {
        Submission s = Submission.findById(id);
        if (s == null) {
            throw DomainException.notFound("unknown-submission", "There is no submission " + id + ".");
        }
        if (!admin && !s.owner.equals(caller)) {
            throw DomainException.forbidden("not-your-submission", "Submission " + id + " belongs to another user.");
        }
        return s;
    }

    private SubmissionView view(Submission s) {
        List<Episode> episodes = Episode.list("submissionId = ?1 order by taskSlug, seed, attempt", s.id);
        Map<String, Integer> positions = episodes.stream().anyMatch(e -> e.state == EpisodeState.QUEUED)
                ? scheduler.positions() : Map.of();
        long meanSeconds = meanEpisodeSeconds();
        Map<String, Long> counts = new TreeMap<>();
        List<EpisodeLine> lines = new ArrayList<>();
        for (Episode e : episodes) {
            counts.merge(e.state.wireName(), 1L, Long::sum);
            Integer position = positions.get(e.id);
            Long eta = position == null ? null : (long) Math.ceil((double) position * meanSeconds
                    / Math.max(1, scheduling.localCapacity()));
            lines.add(new EpisodeLine(e.id, e.taskSlug, e.seed, e.attempt, e.state.wireName(), position, eta, e.endReason,
                    e.result));
        }
        long closed = episodes.stream().filter(e -> e.state.closed()).count();
        double progress = episodes.isEmpty() ? 1.0 : (double) closed / episodes.size();
        return new SubmissionView(s.id, s.owner, s.agentVersion.agent.name, s.agentVersion.number, s.suite, s.seeds, s.state,
                counts, progress, lines, s.createdAt);
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    /** The mean duration of recently finished episodes of submissions (60 s when there is no history yet). */
    private static long meanEpisodeSeconds() {
        List<Episode> recent = Episode.<Episode>find("submissionId is not null and state = ?1 and startedAt is not null "
                + "order by endedAt desc", EpisodeState.FINISHED).page(0, 50).list();
        if (recent.isEmpty()) {
            return 60;
        }
        return Math.max(1, (long) recent.stream().filter(e -> e.startedAt != null && e.endedAt != null)
                .mapToLong(e -> Duration.between(e.startedAt, e.endedAt).toSeconds()).average().orElse(60));
    }

}
