package dev.mledojo.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.account.Requester;
import dev.mledojo.agent.Agent;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.AgentMessage;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeStep;
import dev.mledojo.episode.TrajectoryExports;
import dev.mledojo.error.DomainException;
import dev.mledojo.gym.StepView;
import dev.mledojo.scheduling.Submission;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskService;
import dev.mledojo.task.TaskVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Dataset exports: resolves what a caller asks for (a selection and a filter) under the leaderboard's visibility rule
 * (public agents for everyone, private ones for their owner and admins), counts it, and writes it in batches of
 * {@link DatasetConfig#batchSize} episodes, each read in a transaction of its own and paged by a keyset on (end time,
 * id), so that an export of any size holds one batch in memory. Only finished episodes of agents (not interactive
 * Gym sessions) that ended before the export started are exported, so the count and the stream agree.
 */
@ApplicationScoped
public class DatasetService {

    private final TaskService tasks;
    private final DatasetConfig config;
    private final ObjectMapper json;

    public DatasetService(TaskService tasks, DatasetConfig config, ObjectMapper json) {
        this.tasks = tasks;
        this.config = config;
        this.json = json;
    }

    /** How much an export holds: episodes (SFT lines, zip folders) and their steps (RL lines). */
    public record Totals(long episodes, long steps) {
    }

    /** A resolved export: what to read, for whom, as of when, and how much it holds. */
    public record Plan(Selection selection, DatasetFilter filter, Requester viewer, Long agentId, Long submissionId,
            Instant asOf, Totals totals) {

        /** A short name for the download's file, e.g. {@code demo-baseline} or {@code submission-12}. */
        public String name() {
            return switch (selection.kind()) {
                case BOARD -> "mledojo-dataset";
                case AGENT -> selection.owner() + "-" + selection.agent()
                        + (selection.version() == null ? "" : "-v" + selection.version());
                case SUBMISSION -> "submission-" + submissionId;
            };
        }
    }

    /** Where the keyset paging stands: the last episode written (null before the first). */
    record Cursor(Instant endedAt, String id) {
    }

    /** The domains a filter may name. */
    public static Set<String> domains() {
        return Arrays.stream(TaskDefinition.Domain.values()).map(TaskDefinition.Domain::wireName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * Resolves an export for {@code viewer}: the selection must exist and be visible (an agent the viewer may not see
     * is unknown, as on the boards; a private agent's submission is another user's), the filter's task and split tag
     * must exist; then counts what it holds as of now.
     */
    public Plan plan(Selection selection, DatasetFilter filter, Requester viewer) {
        Map<String, TaskService.TaskFacts> facts = tasks.facts();
        if (filter.task() != null && !facts.containsKey(filter.task())) {
            throw DomainException.invalid("unknown-task", "There is no task '" + filter.task() + "'.").onField("task");
        }
        if (filter.split() != null && facts.values().stream().noneMatch(f -> f.tags().contains(filter.split()))) {
            throw DomainException.invalid("unknown-split", "No task has the split tag '" + filter.split() + "'; the tags "
                    + "are " + String.join(", ", facts.values().stream().flatMap(f -> f.tags().stream())
                            .collect(Collectors.toCollection(java.util.TreeSet::new))) + ".").onField("split");
        }
        Instant asOf = Instant.now();
        return QuarkusTransaction.requiringNew().call(() -> {
            Long agentId = null;
            Long submissionId = null;
            switch (selection.kind()) {
                case AGENT -> {
                    Agent a = Agent.find(selection.owner(), selection.agent())
                            .filter(x -> x.isPublic() || viewer.owns(x.owner))
                            .orElseThrow(() -> DomainException.notFound("unknown-agent", "There is no agent '"
                                    + selection.owner() + "/" + selection.agent() + "' you may see."));
                    if (selection.version() != null && AgentVersion.count("agent.id = ?1 and number = ?2", a.id,
                            selection.version()) == 0) {
                        throw DomainException.notFound("unknown-agent-version", "Agent '" + a.owner + "/" + a.name
                                + "' has no version " + selection.version() + ".");
                    }
                    agentId = a.id;
                }
                case SUBMISSION -> {
                    Submission s = Submission.findById(selection.submission());
                    if (s == null) {
                        throw DomainException.notFound("unknown-submission", "There is no submission "
                                + selection.submission() + ".");
                    }
                    if (!s.agentVersion.agent.isPublic() && !viewer.owns(s.owner)) {
                        throw DomainException.forbidden("not-your-submission", "Submission " + s.id + " belongs to "
                                + "another user and its agent is not public.");
                    }
                    submissionId = s.id;
                }
                case BOARD -> {
                }
            }
            Plan draft = new Plan(selection, filter, viewer, agentId, submissionId, asOf, null);
            return new Plan(selection, filter, viewer, agentId, submissionId, asOf, count(draft));
        });
    }

    /** An agent a dataset may be made of, for the page's choices. */
    public record AgentChoice(String owner, String name, String visibility) {

        /** How the page names it: {@code owner/name}. */
        public String ref() {
            return owner + "/" + name;
        }
    }

    /** The agents {@code viewer} may export (public ones, their own, all for admins), by owner and name. */
    public List<AgentChoice> agents(Requester viewer, int max) {
        return QuarkusTransaction.requiringNew().call(() -> Agent.<Agent>find(viewer.admin() ? "order by owner, name"
                : "visibility = 'public' or owner = ?1 order by owner, name", viewer.admin() ? new Object[0]
                        : new Object[] {viewer.name() == null ? "" : viewer.name()}).page(0, max).list().stream()
                .map(a -> new AgentChoice(a.owner, a.name, a.visibility)).toList());
    }

    /** Counts what a plan holds (in the caller's transaction). */
    private Totals count(Plan plan) {
        Where w = where(plan, null);
        String inner = "select e.id, e.step_count from episode e " + JOINS + " where " + w.sql
                + " order by e.ended_at, e.id" + (plan.filter().limit() == null ? "" : " limit " + plan.filter().limit());
        Object[] row = (Object[]) w.bind(Episode.getEntityManager().createNativeQuery(
                "select count(*), coalesce(sum(x.step_count), 0) from (" + inner + ") x")).getSingleResult();
        return new Totals(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    private static final String JOINS = """
            join agent_version v on v.id = e.agent_version_id
            join agent a on a.id = v.agent_id
            join task_version tv on tv.id = e.task_version_id""";

    /** A where clause and its parameters, in order. */
    private record Where(String sql, List<Object> params) {
        Query bind(Query q) {
            for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
            }
            return q;
        }
    }

    private static Where where(Plan plan, Cursor after) {
        List<String> and = new ArrayList<>();
        List<Object> p = new ArrayList<>();
        and.add("e.state = 'FINISHED' and e.agent_version_id is not null");
        p.add(plan.asOf());
        and.add("e.ended_at <= ?" + p.size());
        // the leaderboard's rule, read at every batch: public agents, the viewer's own, all for admins
        if (!plan.viewer().admin()) {
            p.add(plan.viewer().name() == null ? "" : plan.viewer().name());
            and.add("(a.visibility = 'public' or a.owner = ?" + p.size() + ")");
        }
        if (plan.agentId() != null) {
            p.add(plan.agentId());
            and.add("a.id = ?" + p.size());
            if (plan.selection().version() != null) {
                p.add(plan.selection().version());
                and.add("v.number = ?" + p.size());
            }
        }
        if (plan.submissionId() != null) {
            p.add(plan.submissionId());
            and.add("e.submission_id = ?" + p.size());
        }
        DatasetFilter f = plan.filter();
        if (f.task() != null) {
            p.add(f.task());
            and.add("e.task_slug = ?" + p.size());
        }
        if (f.domain() != null) {
            p.add(f.domain());
            and.add("tv.domain = ?" + p.size());
        }
        if (f.split() != null) { // a plain name (DatasetFilter), so no LIKE wildcard can be in it
            p.add("%," + f.split() + ",%");
            and.add("tv.tags like ?" + p.size());
        }
        if (f.validOnly()) {
            and.add("coalesce((e.result ->> 'valid')::boolean, false)");
        }
        if (f.minHumanRank() != null) {
            p.add(f.minHumanRank());
            and.add("(e.result ->> 'humanRank')::float8 >= ?" + p.size());
        }
        if (f.from() != null) {
            p.add(f.from());
            and.add("e.ended_at >= ?" + p.size());
        }
        if (f.to() != null) {
            p.add(f.to());
            and.add("e.ended_at < ?" + p.size());
        }
        if (after != null) {
            p.add(after.endedAt());
            int a = p.size();
            p.add(after.id());
            and.add("(e.ended_at, e.id) > (?" + a + ", ?" + p.size() + ")");
        }
        return new Where(String.join("\n and ", and), p);
    }

    /** The next batch of at most {@code size} episodes after {@code after}, read in one transaction. */
    List<DatasetEpisode> batch(Plan plan, Cursor after, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Where w = where(plan, after);
            @SuppressWarnings("unchecked")
            List<String> ids = w.bind(Episode.getEntityManager().createNativeQuery("select e.id from episode e " + JOINS
                    + " where " + w.sql + " order by e.ended_at, e.id limit " + size)).getResultList();
            return ids.isEmpty() ? List.<DatasetEpisode>of() : load(ids);
        });
    }

    /** The episodes {@code ids}, in that order, with their steps, messages and counted submission. */
    private static List<DatasetEpisode> load(List<String> ids) {
        Map<String, Episode> episodes = Episode.<Episode>list("id in ?1", ids).stream()
                .collect(Collectors.toMap(e -> e.id, Function.identity()));
        Map<Long, AgentVersion> versions = AgentVersion.<AgentVersion>find(
                "select v from AgentVersion v join fetch v.agent where v.id in ?1",
                episodes.values().stream().map(e -> e.agentVersionId).distinct().toList()).list().stream()
                .collect(Collectors.toMap(v -> v.id, Function.identity()));
        Map<Long, TaskVersion> taskVersions = TaskVersion.<TaskVersion>list("id in ?1",
                episodes.values().stream().map(e -> e.taskVersionId).distinct().toList()).stream()
                .collect(Collectors.toMap(v -> v.id, Function.identity()));
        Map<String, List<StepView>> steps = new HashMap<>();
        for (EpisodeStep s : EpisodeStep.<EpisodeStep>list("episodeId in ?1 order by episodeId, number", ids)) {
            steps.computeIfAbsent(s.episodeId, k -> new ArrayList<>()).add(s.view());
        }
        Map<String, List<TrajectoryExports.Message>> messages = new HashMap<>();
        for (AgentMessage m : AgentMessage.<AgentMessage>list("episodeId in ?1 order by episodeId, id", ids)) {
            messages.computeIfAbsent(m.episodeId, k -> new ArrayList<>()).add(new TrajectoryExports.Message(m.role,
                    m.content));
        }
        // the submission the result counts (EpisodeResult.submission), valid by construction
        @SuppressWarnings("unchecked")
        List<Object[]> best = Episode.getEntityManager().createNativeQuery("""
                select s.episode_id, s.code, s.feedback_score, s.feedback_rank from episode_submission s
                join episode e on e.id = s.episode_id
                where s.episode_id in (?1) and s.valid and s.number = (e.result ->> 'submission')::int""")
                .setParameter(1, ids).getResultList();
        Map<String, TrajectoryExports.BestSubmission> counted = new HashMap<>();
        for (Object[] r : best) {
            counted.put((String) r[0], new TrajectoryExports.BestSubmission((String) r[1], (Double) r[2],
                    (Double) r[3]));
        }
        List<DatasetEpisode> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Episode e = episodes.get(id);
            AgentVersion v = versions.get(e.agentVersionId);
            TaskVersion tv = taskVersions.get(e.taskVersionId);
            out.add(new DatasetEpisode(e.id, e.taskSlug, tv.number, tv.title, tv.domain,
                    new DatasetEpisode.Agent(v.agent.owner, v.agent.name, v.number, v.agent.kind), e.submissionId, e.seed,
                    e.maxSteps, e.wallTimeSeconds, e.createdAt, e.endedAt, e.endReason, e.totalReward, e.stepCount,
                    e.result, steps.getOrDefault(id, List.of()), messages.getOrDefault(id, List.of()),
                    counted.get(id)));
        }
        return out;
    }

    /**
     * Writes the export to {@code target}, batch after batch (flushed after each, so a download advances as it is
     * read); gzip-compressed when asked. Stops after the filter's limit.
     */
    public void write(Plan plan, DatasetFormat format, boolean gzip, OutputStream target) throws IOException {
        GZIPOutputStream zipped = gzip ? new GZIPOutputStream(target, 1 << 16, true) : null;
        OutputStream out = new BufferedOutputStream(zipped != null ? zipped : target, 1 << 16);
        ZipOutputStream zip = format == DatasetFormat.TRAJECTORIES ? new ZipOutputStream(out) : null;
        long left = plan.filter().limit() == null ? Long.MAX_VALUE : plan.filter().limit();
        Cursor after = null;
        while (left > 0) {
            List<DatasetEpisode> batch = batch(plan, after, (int) Math.min(config.batchSize(), left));
            if (batch.isEmpty()) {
                break;
            }
            for (DatasetEpisode e : batch) {
                switch (format) {
                    case SFT -> line(out, DatasetLines.sft(e, json));
                    case RL -> {
                        for (Map<String, Object> l : DatasetLines.rl(e)) {
                            line(out, l);
                        }
                    }
                    case TRAJECTORIES -> entries(zip, e);
                }
            }
            left -= batch.size();
            DatasetEpisode last = batch.get(batch.size() - 1);
            after = new Cursor(last.endedAt(), last.id());
            (zip != null ? zip : out).flush();
        }
        if (zip != null) {
            zip.finish();
        }
        out.flush();
        if (zipped != null) {
            zipped.finish();
        }
        target.flush();
    }

    private void line(OutputStream out, Map<String, Object> line) throws IOException {
        out.write(json.writeValueAsBytes(line));
        out.write('\n');
    }

    /** One episode's folder in the zip: {@code <task>/<episode>/env_history.json, agent_trajectory.json, episode.json}. */
    private void entries(ZipOutputStream zip, DatasetEpisode e) throws IOException {
        String folder = e.task() + "/" + e.id() + "/";
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("env_history.json", TrajectoryExports.envHistory(new TrajectoryExports.EnvHistory(e.task(), e.steps(),
                e.totalReward(), e.best(), e.stepCount(), e.createdAt())));
        files.put("agent_trajectory.json", TrajectoryExports.agentTrajectory(e.messages(), e.steps(), json));
        files.put("episode.json", DatasetLines.index(e, folder));
        for (Map.Entry<String, Object> f : files.entrySet()) {
            zip.putNextEntry(new ZipEntry(folder + f.getKey()));
            zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(f.getValue()));
            zip.closeEntry();
        }
    }
}
