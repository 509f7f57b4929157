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

import dev.mledojo.account.Requester;
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

    private final TaskDataService data;

    public RunnerService(TaskDataService data) {
        this.data = data;
    }

    /** One public file of the task version, where the runner downloads it. */
    public record FileEntry(String name, long size, String sha256, String url) {
    }

    /** Everything a runner needs to drive the episode (no secrets: models are reached through the gateway). */
    public record Spec(String episodeId, int attempt, String task, int taskVersion, String taskVersionHash,
            String agentKind, Map<String, Object> agentConfig, int maxSteps, int wallTimeSeconds, Long maxTokens,
            Double maxCost, String feedbackMode, String state, List<FileEntry> files) {
    }

    /** {@code POST begin} / {@code heartbeat}. */
    public record PodCall(String podUid) {
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
        return new Spec(e.id, e.attempt, e.taskSlug, v.number, v.contentHash, e.agentKind, config, e.maxSteps,
                e.wallTimeSeconds, e.maxTokens, e.maxCost, e.feedbackMode, e.state.wireName(), files);
    }

    /** A public file of the episode's own task version (never of another version, never a private one). */
    @Transactional
    public Path file(Requester runner, String id, String name) {
        Episode e = own(runner, id);
        TaskVersion v = TaskVersion.findById(e.taskVersionId);
        return data.publicFile(e.taskSlug, v.definition.contentHash(), name).orElseThrow(() -> DomainException.notFound(
                "unknown-file", "Task '" + e.taskSlug + "' has no public file '" + name + "'."));
    }

    @Transactional
    public Spec begin(Requester runner, String id, PodCall call) {
        Episode e = Episode.findById(own(runner, id).id, LockModeType.PESSIMISTIC_WRITE);
        e.beginIn(call == null ? null : call.podUid(), Instant.now());
        return spec(runner, id);
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
