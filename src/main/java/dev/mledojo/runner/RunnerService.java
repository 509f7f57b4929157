package dev.mledojo.runner;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.io.input.BoundedInputStream;

import dev.mledojo.account.Requester;
import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.episode.EpisodeService;
import dev.mledojo.episode.EpisodeViews;
import dev.mledojo.episode.FailureReason;
import dev.mledojo.gym.Observation;
import dev.mledojo.sandbox.ExecutionResult;
import dev.mledojo.sandbox.Outcome;
import dev.mledojo.sandbox.ReportedRun;
import dev.mledojo.sandbox.SandboxConfig;
import dev.mledojo.sandbox.SyntaxProblem;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskService;
import dev.mledojo.task.TaskService.VersionRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.Episode;
import dev.mledojo.error.DomainException;
import dev.mledojo.llm.LlmSettings;
import dev.mledojo.task.DataFile;
import dev.mledojo.task.TaskDataService;
import dev.mledojo.task.TaskVersion;

/**
 * What the runner of an episode's pod asks of the platform with the episode token: the episode's spec (task brief,
 * agent, budgets, the manifest of the task version's PUBLIC files with sizes and SHA-256), those files, and the claim
 * that this pod runs the episode (a second pod is refused), then heartbeats. Private answers are never listed or
 * served here.
 */
@ApplicationScoped
public class RunnerService {

    /** Problem slug of a report from a pod that did not begin the episode. */
    static final String NOT_THE_RUNNER = "not-the-runner";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final TaskDataService data;
    private final EpisodeService episodes;
    private final TaskService tasks;
    private final SandboxConfig sandbox;

    public RunnerService(TaskDataService data, EpisodeService episodes, TaskService tasks, SandboxConfig sandbox) {
        this.data = data;
        this.episodes = episodes;
        this.tasks = tasks;
        this.sandbox = sandbox;
    }

    /** One public file of the task version, where the runner downloads it. */
    public record FileEntry(String name, long size, String sha256, String url) {
    }

    /**
     * Everything a runner needs to drive the episode (no secrets: models are reached through the gateway): the task
     * brief its agent gets, the agent, the budgets, the limits of one run of the agent's code (the same as on the
     * platform; the wall time is further capped by what is left of the episode's), how many steps were taken, and the
     * public file manifest of the episode's own task version (whatever version is current meanwhile).
     */
    public record Spec(String episodeId, int attempt, String task, int taskVersion, String taskVersionHash,
            String agentKind, Map<String, Object> agentConfig, int maxSteps, int wallTimeSeconds, Long maxTokens,
            Double maxCost, String feedbackMode, String state, int stepCount, AgentPolicy.TaskBrief brief,
            RunLimits limits, List<FileEntry> files) {
    }

    /** {@code POST begin} / {@code heartbeat}. */
    public record PodCall(String podUid) {
    }

    /** The answer to {@code begin}: the spec and the observation the agent starts from. */
    public record Begun(Spec spec, Observation observation) {
    }

    /**
     * {@code POST steps}: step number {@code step} (1-based; a retried report of a recorded step gets its response
     * again), the action and its params as the agent chose them, and for a code action the run the pod made.
     */
    public record StepReport(String podUid, Integer step, String action, Map<String, Object> params, RunReport run) {
    }

    /**
     * What one run of the agent's code did in the pod: either the syntax problem that stopped it, or its outcome
     * ({@code success}, {@code error}, {@code wall_time_limit}, ... as in execution results), exit code, output (capped
     * here again), wall time, the limit hit, and the submission it wrote: uploaded first to {@code uploads/{sha256}}
     * (execute_code), or only flagged (validate_code).
     */
    public record RunReport(SyntaxReport syntax, String outcome, Integer exitCode, String stdout, String stderr,
            boolean outputTruncated, Long wallTimeMs, String limitHit, String submissionSha256, boolean wroteSubmission) {
    }

    /** Where the code does not compile. */
    public record SyntaxReport(int line, int column, String message, String text) {
    }

    /** {@code POST end}: the agent stopped ({@code stopped}) or failed ({@code agent-error}, with a message). */
    public record EndReport(String podUid, String outcome, String message) {
    }

    /** The episode's state after {@code end}. */
    public record Ended(String state, String endReason) {
    }

    /** A stored upload. */
    public record Uploaded(String sha256, long size) {
    }

    @Transactional
    public Spec spec(Requester runner, String id) {
        Episode e = own(runner, id);
        TaskVersion v = TaskVersion.findById(e.taskVersionId);
        AgentVersion a = e.agentVersionId == null ? null : AgentVersion.findById(e.agentVersionId);
        Map<String, Object> config = new LinkedHashMap<>(a == null || a.config == null ? Map.of() : a.config);
        config.remove(LlmSettings.API_KEY_SECRET); // the name of a platform secret is none of the pod's business
        List<FileEntry> files = new ArrayList<>();
        for (DataFile f : v.dataFiles == null ? List.<DataFile>of() : v.dataFiles) {
            if (f.inPublicPart()) {
                String name = f.path().substring("public/".length());
                files.add(new FileEntry(name, f.size(), f.sha256(), "/api/v1/runner/episodes/" + e.id + "/data/" + name));
            }
        }
        TaskDefinition d = v.definition;
        AgentPolicy.TaskBrief brief = new AgentPolicy.TaskBrief(d.id(), d.title(), d.domain().wireName(), d.metricId(),
                d.higherIsBetter(), d.idColumnsLabel(), List.copyOf(d.targetColumns()), d.submissionFile(), e.maxSteps);
        VersionRef version = tasks.version(v.id).orElseThrow();
        RunLimits limits = RunLimits.of(episodes.limits(version, Duration.ofSeconds(e.wallTimeSeconds)));
        return new Spec(e.id, e.attempt, e.taskSlug, v.number, v.contentHash, e.agentKind, config, e.maxSteps,
                e.wallTimeSeconds, e.maxTokens, e.maxCost, e.feedbackMode, e.state.wireName(), e.stepCount, brief,
                limits, files);
    }

    /**
     * A public file of the episode's own task version, from that version's own data folder (never of another version,
     * never a private one).
     */
    @Transactional
    public Path file(Requester runner, String id, String name) {
        Episode e = own(runner, id);
        TaskVersion v = TaskVersion.findById(e.taskVersionId);
        return data.publicFile(tasks.version(v.id).orElseThrow(), name).orElseThrow(() -> DomainException.notFound(
                "unknown-file", "Task '" + e.taskSlug + "' has no public file '" + name + "'."));
    }

    /** This pod runs the episode from now (idempotent for the same pod; another pod is refused). */
    public Begun begin(Requester runner, String id, PodCall call) {
        Spec spec = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(own(runner, id).id, LockModeType.PESSIMISTIC_WRITE);
            e.beginIn(call == null ? null : call.podUid(), Instant.now());
            return spec(runner, id);
        });
        return new Begun(spec, episodes.opening(id));
    }

    /**
     * Stores a submission file the pod uploads before reporting the step that wrote it, under its SHA-256 (checked
     * while it streams in; a retried upload replaces the same bytes), at most the workspace limit.
     */
    public Uploaded upload(Requester runner, String id, String sha256, InputStream body) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw DomainException.invalid("invalid-upload", "Upload to uploads/<the file's SHA-256 in lower-case hex>.");
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Episode e = own(runner, id);
            if (e.state.closed()) {
                throw e.closedError();
            }
        });
        long max = sandbox.defaultLimits().maxWorkspaceBytes();
        Path dir = episodes.uploads(id);
        Path part = null;
        try {
            Files.createDirectories(dir);
            part = Files.createTempFile(dir, ".upload-", ".part");
            MessageDigest digest = DigestUtils.getSha256Digest();
            long size;
            try (InputStream in = new DigestInputStream(BoundedInputStream.builder().setInputStream(body)
                    .setMaxCount(max + 1).get(), digest)) {
                size = Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            if (size > max) {
                throw DomainException.invalid("upload-too-large", "An upload may hold at most " + max + " bytes.");
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw DomainException.invalid("upload-corrupt", "The upload's SHA-256 is " + actual + ", not " + sha256
                        + "; send it again.");
            }
            Files.move(part, dir.resolve(sha256), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            part = null;
            return new Uploaded(sha256, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // a leftover part file is removed with the episode's folder
                }
            }
        }
    }

    /**
     * A step the pod's runner took: a code action comes with the run the pod made (the platform grades the uploaded
     * submission itself, against answers the pod never had); every step goes through the episode's one step path.
     */
    public EpisodeViews.StepResponse step(Requester runner, String id, StepReport report) {
        if (report == null || report.step() == null || report.step() < 1 || report.action() == null) {
            throw DomainException.invalid("invalid-step", "Send {\"podUid\": ..., \"step\": <its number, from 1>, "
                    + "\"action\": ..., \"params\": {...}, \"run\": {...}}.");
        }
        String submissionFile = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = own(runner, id);
            if (!e.state.closed() && (e.runnerPodUid == null || !e.runnerPodUid.equals(report.podUid()))) {
                throw DomainException.conflict(NOT_THE_RUNNER, "This pod does not run episode " + id + ".");
            }
            return TaskVersion.<TaskVersion>findById(e.taskVersionId).definition.submissionFile();
        });
        ReportedRun run = report.run() == null ? null : reported(id, report.run(), submissionFile);
        return episodes.step(runner, id, new EpisodeViews.StepRequest(report.action(), report.params()), run,
                report.step());
    }

    private ReportedRun reported(String id, RunReport r, String submissionFile) {
        if (r.syntax() != null) {
            SyntaxReport s = r.syntax();
            return new ReportedRun(new SyntaxProblem(s.line(), s.column(), cap(s.message(), 2000), cap(s.text(), 2000)),
                    null, null, false, submissionFile);
        }
        Outcome outcome = outcome(r.outcome());
        if (r.exitCode() == null || r.wallTimeMs() == null || r.wallTimeMs() < 0) {
            throw DomainException.invalid("invalid-run", "A run reports its outcome, exitCode and wallTimeMs.");
        }
        int maxOutput = sandbox.defaultLimits().maxOutputBytes();
        String stdout = r.stdout() == null ? "" : r.stdout();
        String stderr = r.stderr() == null ? "" : r.stderr();
        boolean truncated = r.outputTruncated() || stdout.length() > maxOutput || stderr.length() > maxOutput;
        ExecutionResult result = new ExecutionResult(outcome, r.exitCode(), cap(stdout, maxOutput), cap(stderr, maxOutput),
                truncated, Duration.ofMillis(r.wallTimeMs()), cap(r.limitHit(), 500));
        Path submission = null;
        if (r.submissionSha256() != null) {
            submission = SHA256.matcher(r.submissionSha256()).matches()
                    ? episodes.uploads(id).resolve(r.submissionSha256()) : null;
            if (submission == null || !Files.isRegularFile(submission, LinkOption.NOFOLLOW_LINKS)) {
                throw DomainException.invalid("unknown-upload", "No upload " + r.submissionSha256() + " for episode "
                        + id + ": upload the submission (PUT uploads/{sha256}) before reporting its step.");
            }
        }
        return new ReportedRun(null, result, submission, r.wroteSubmission() || submission != null, submissionFile);
    }

    private static Outcome outcome(String wire) {
        for (Outcome o : Outcome.values()) {
            if (o.name().toLowerCase(Locale.ROOT).equals(wire)) {
                return o;
            }
        }
        throw DomainException.invalid("invalid-run", "Unknown run outcome '" + wire + "'; one of "
                + java.util.Arrays.stream(Outcome.values()).map(o -> o.name().toLowerCase(Locale.ROOT)).toList() + ".");
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(s.length() - max);
    }

    /** The agent stopped (the episode finishes with its best submission) or failed ({@code AGENT_ERROR}). */
    public Ended end(Requester runner, String id, EndReport report) {
        String outcome = report == null ? null : report.outcome();
        if (!"stopped".equals(outcome) && !"agent-error".equals(outcome)) {
            throw DomainException.invalid("invalid-end", "Send {\"podUid\": ..., \"outcome\": \"stopped\" or "
                    + "\"agent-error\", \"message\": ...}.");
        }
        boolean open = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = own(runner, id);
            if (!e.state.closed() && (e.runnerPodUid == null || !e.runnerPodUid.equals(report.podUid()))) {
                throw DomainException.conflict(NOT_THE_RUNNER, "This pod does not run episode " + id + ".");
            }
            return !e.state.closed();
        });
        if (open && outcome.equals("agent-error")) {
            String message = report.message() == null || report.message().isBlank() ? "the agent failed"
                    : cap(report.message(), 4000);
            episodes.fail(id, FailureReason.AGENT_ERROR, message);
        } else if (open) {
            String exhausted = episodes.exhausted(id);
            episodes.finish(id, exhausted != null ? exhausted : "the agent stopped");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(id);
            return new Ended(e.state.wireName(), e.endReason);
        });
    }

    @Transactional
    public void heartbeat(Requester runner, String id, PodCall call) {
        Episode e = Episode.findById(own(runner, id).id, LockModeType.PESSIMISTIC_WRITE);
        e.heartbeat(call == null ? null : call.podUid(), Instant.now());
    }

    /** Only the holder of this episode's own token gets here. */
    private static Episode own(Requester runner, String id) {
        if (runner.episodeScope() == null || !runner.episodeScope().equals(id)) {
            throw DomainException.forbidden("token-wrong-episode", "This episode token is for another episode.");
        }
        Episode e = Episode.findById(id);
        if (e == null) {
            throw DomainException.notFound("unknown-episode", "There is no episode '" + id + "'.");
        }
        return e;
    }
}
