package dev.mledojo.episode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.account.Requester;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.error.DomainException;
import dev.mledojo.task.TaskVersion;
import io.quarkus.security.UnauthorizedException;

/**
 * Read-only views of an episode for people watching it: the episode viewer page and its live stream
 * ({@code /api/v1/episodes/{id}/events}). The owner and admins see every episode; an episode of a public agent (run
 * through a submission) is visible to anyone, as its results are on the public leaderboard. Only feedback-part scores
 * are shown while the episode runs; the result (final part) once it is closed.
 */
@ApplicationScoped
public class EpisodeWatch {

    /** Longest feedback text a live step event carries; the page shows up to {@link #PAGE_FEEDBACK}. */
    public static final int EVENT_FEEDBACK = 2_000;
    static final int PAGE_FEEDBACK = 20_000;
    private static final int OUTPUT = 4_000;
    private static final int CODE = 50_000;

    private final ObjectMapper json;

    public EpisodeWatch(ObjectMapper json) {
        this.json = json;
    }

    /** The episode's state, budget and (once closed) result. */
    public record Header(String id, String task, int version, String dataHash, String owner, String agent,
            String agentKind, String state, boolean closed, long seed, int attempt, int stepCount, int maxSteps, int wallTimeS,
            double totalReward, Double bestScore, Double bestHumanRank, Integer bestSubmission, Instant createdAt,
            Instant startedAt, Instant endedAt, String endReason, EpisodeResult result, Long submissionId) {
    }

    /**
     * One step as a watcher sees it: the action, its code or params, output, feedback (possibly cut: {@code
     * feedbackTruncated}), error kind, reward and the feedback-part score of the submission it produced, if any.
     */
    public record StepLine(int number, String action, String status, String errorKind, Double reward, Double score,
            Double humanRank, Boolean valid, String code, String params, String output, String feedback,
            boolean feedbackTruncated, long durationMs, Instant startedAt, boolean done) {
    }

    /** One message of the agent's LLM conversation (owner and admins only). */
    public record MessageLine(int turn, String role, String content, Integer promptTokens, Integer completionTokens,
            Double cost, Instant createdAt) {
    }

    /** Everything the viewer page shows; {@code messages} only for the owner and admins. */
    public record View(Header header, List<StepLine> steps, boolean mine, List<MessageLine> messages) {
    }

    /** What changed since step {@code after}: the header (read first) and the newer steps. */
    public record Poll(Header header, List<StepLine> steps) {
    }

    /**
     * Checks that the viewer may watch the episode: 404 if it does not exist, a sign-in for visitors and 403 for
     * other users when it is not public.
     */
    @Transactional
    public void check(Requester viewer, String id) {
        visible(viewer, id);
    }

    @Transactional
    public View view(Requester viewer, String id) {
        Episode e = visible(viewer, id);
        boolean mine = viewer.owns(e.owner);
        List<MessageLine> messages = mine ? AgentMessage.of(id).stream().map(m -> new MessageLine(m.turn, m.role,
                cap(m.content, PAGE_FEEDBACK), m.promptTokens, m.completionTokens, m.cost, m.createdAt)).toList() : List.of();
        return new View(header(e), steps(id, 0, PAGE_FEEDBACK), mine, messages);
    }

    /** The header and the steps after {@code after}; the header is read first, so a closed one comes with every step. */
    @Transactional
    public Poll poll(String id, int after) {
        Episode e = Episode.findById(id);
        if (e == null) {
            throw DomainException.notFound("unknown-episode", "There is no episode '" + id + "'.");
        }
        Header header = header(e);
        return new Poll(header, steps(id, after, EVENT_FEEDBACK));
    }

    private static Episode visible(Requester viewer, String id) {
        Episode e = id == null ? null : Episode.findById(id);
        if (e == null) {
            throw DomainException.notFound("unknown-episode", "There is no episode '" + id + "'.");
        }
        if (viewer.owns(e.owner) || isPublic(e)) {
            return e;
        }
        if (viewer.visitor()) {
            throw new UnauthorizedException("sign in to watch episode " + id);
        }
        throw DomainException.forbidden("not-your-episode", "Episode " + id + " belongs to another user and "
                + "its agent is not public.");
    }

    private static boolean isPublic(Episode e) {
        if (e.agentVersionId == null) {
            return false; // interactive episodes are their researcher's own
        }
        AgentVersion v = AgentVersion.findById(e.agentVersionId);
        return v != null && v.agent.isPublic();
    }

    private static Header header(Episode e) {
        TaskVersion tv = TaskVersion.findById(e.taskVersionId);
        String agent = "external (interactive)";
        if (e.agentVersionId != null) {
            AgentVersion v = AgentVersion.findById(e.agentVersionId);
            agent = v == null ? e.agentKind : v.agent.name + " v" + v.number + " · " + v.agent.owner;
        }
        return new Header(e.id, e.taskSlug, tv == null ? 0 : tv.number,
                e.dataHash != null ? e.dataHash : tv == null ? null : tv.dataHash, e.owner, agent, e.agentKind, e.state.wireName(),
                e.state.closed(), e.seed, e.attempt, e.stepCount, e.maxSteps, e.wallTimeSeconds, e.totalReward,
                e.bestFeedbackScore, e.bestHumanRank, e.bestSubmission, e.createdAt, e.startedAt, e.endedAt, e.endReason,
                e.state.closed() ? e.result : null, e.submissionId);
    }

    private List<StepLine> steps(String id, int after, int feedbackLimit) {
        List<EpisodeStep> steps = EpisodeStep.list("episodeId = ?1 and number > ?2 order by number", id, after);
        if (steps.isEmpty()) {
            return List.of();
        }
        Map<Integer, EpisodeSubmission> graded = new HashMap<>();
        for (EpisodeSubmission s : EpisodeSubmission.<EpisodeSubmission>list("episodeId = ?1 and stepNumber > ?2", id, after)) {
            graded.put(s.stepNumber, s);
        }
        List<StepLine> lines = new ArrayList<>();
        for (EpisodeStep s : steps) {
            EpisodeSubmission sub = graded.get(s.number);
            Map<String, Object> params = new LinkedHashMap<>(s.params == null ? Map.of() : s.params);
            Object code = params.remove("code");
            String feedback = s.feedback == null ? "" : s.feedback;
            boolean cut = feedback.length() > feedbackLimit;
            lines.add(new StepLine(s.number, s.action, s.status, s.errorKind, s.reward,
                    sub == null ? null : sub.feedbackScore, sub == null ? null : sub.feedbackRank,
                    sub == null ? null : sub.valid, code instanceof String c ? cap(c, CODE) : null,
                    params.isEmpty() ? null : write(params), output(s.result), cut ? feedback.substring(0, feedbackLimit) : feedback,
                    cut, s.durationMs, s.startedAt, s.done));
        }
        return lines;
    }

    /** The run's stdout and stderr (code actions), cut to a few thousand characters each. */
    private static String output(Map<String, Object> result) {
        if (result == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        if (result.get("stdout") instanceof String so && !so.isBlank()) {
            out.append(cap(so, OUTPUT));
        }
        if (result.get("stderr") instanceof String se && !se.isBlank()) {
            out.append(out.isEmpty() ? "" : "\n").append("[stderr]\n").append(cap(se, OUTPUT));
        }
        return out.isEmpty() ? null : out.toString();
    }

    private static String cap(String s, int limit) {
        return s.length() <= limit ? s : s.substring(0, limit) + "\n… (" + (s.length() - limit) + " more characters)";
    }

    private String write(Object value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
