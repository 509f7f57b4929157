package dev.mledojo.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.AgentMessage;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeResult;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.EpisodeStep;
import dev.mledojo.episode.EpisodeSubmission;
import dev.mledojo.grading.Medal;
import dev.mledojo.scheduling.Submission;
import dev.mledojo.task.TaskService;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Finished episodes of agents written through the episode aggregate ({@code Episode.record} appends the steps and
 * keeps the counters and total reward; {@code recordConversation} appends the gateway's messages), for dataset tests.
 * Agent names are unique per call.
 */
final class DatasetFixture {

    private DatasetFixture() {
    }

    /** One step to record: the action, its reward (null: not scored), and whether it made a valid submission. */
    record Step(String action, Double reward, boolean submits) {
    }

    /** One episode to write. */
    record Run(String task, List<Step> steps, boolean valid, double humanRank, Medal medal, Instant endedAt,
            String endReason, boolean llm) {
    }

    /** What was written. */
    record Seeded(String owner, String name, long agentVersion, long submission, List<String> episodes) {
    }

    static Seeded seed(TaskService tasks, String owner, String prefix, boolean visible, List<Run> runs) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        return QuarkusTransaction.requiringNew().call(() -> {
            dev.mledojo.testing.TestAgents.Made made = dev.mledojo.testing.TestAgents.withSubmission(owner, name,
                    visible, runs.stream().map(Run::task).distinct().toList(), runs.size(), 10, "active");
            AgentVersion v = made.version();
            Submission s = made.submission();
            List<String> ids = new ArrayList<>();
            long seed = 0;
            for (Run r : runs) {
                var task = tasks.currentVersion(r.task()).orElseThrow();
                Episode e = Episode.queued(owner, task.id(), r.task(), seed++, 10, 600, s.id, v.id, "baseline", 0,
                        "split");
                e.persist();
                e.start();
                int submissions = 0;
                int n = 0;
                for (Step st : r.steps()) {
                    n++;
                    EpisodeStep step = new EpisodeStep();
                    step.action = st.action();
                    Map<String, Object> params = new LinkedHashMap<>();
                    if (st.action().equals("request_info")) {
                        params.put("info_type", "overview");
                    } else {
                        params.put("code", "print(" + n + ")");
                    }
                    step.params = params;
                    step.status = "success";
                    step.result = Map.of("stdout", "out " + n + " of " + e.id, "execution_time", 0.5 * n);
                    step.feedback = "=== Feedback " + n + " ===\nstep " + n + " of " + name;
                    step.reward = st.reward();
                    step.startedAt = r.endedAt().minusSeconds(100 - n);
                    step.durationMs = 10L * n;
                    EpisodeSubmission sub = null;
                    if (st.submits()) {
                        sub = new EpisodeSubmission();
                        sub.number = ++submissions;
                        sub.filePath = "submission.csv";
                        sub.valid = true;
                        sub.feedbackScore = st.reward();
                        sub.feedbackRank = st.reward();
                        sub.code = "print(" + n + ")";
                        sub.createdAt = step.startedAt;
                    }
                    e.record(step, sub, false);
                    if (r.llm()) {
                        e.recordConversation(n, n == 1 ? List.of(new AgentMessage.Line("system", "You solve " + r.task()),
                                new AgentMessage.Line("user", "Begin.")) : List.of(new AgentMessage.Line("assistant",
                                        "earlier"), new AgentMessage.Line("user", "feedback " + (n - 1))),
                                new AgentMessage.Reply("{\"action\": \"" + st.action() + "\"}", 10, 5, 0.001));
                    }
                }
                e.state = EpisodeState.FINISHED;
                e.endedAt = r.endedAt();
                e.endReason = r.endReason();
                e.result = new EpisodeResult(r.valid(), r.valid() && submissions > 0 ? submissions : null,
                        r.valid() ? r.humanRank() : null, r.valid() ? r.humanRank() : null, null,
                        r.valid() ? r.humanRank() : null, null, null, r.medal(), r.valid() && r.humanRank() >= 0.5,
                        n, submissions, 100, r.endReason(), "v1", null);
                ids.add(e.id);
            }
            return new Seeded(owner, name, v.id, s.id, ids);
        });
    }
}
