package dev.mledojo.leaderboard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeResult;
import dev.mledojo.episode.EpisodeState;
import dev.mledojo.episode.EpisodeSubmission;
import dev.mledojo.grading.Medal;
import dev.mledojo.scheduling.Submission;
import dev.mledojo.task.TaskService;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Agents with finished episodes written straight to the database, for board tests (names are unique per call). */
final class BoardFixture {

    private BoardFixture() {
    }

    /** A run to write: task, HumanRank, raw score, medal. */
    record Run(String task, double humanRank, double score, Medal medal) {
    }

    /** What was written: the agent's unique name, its version's id, and its episodes in the order of the runs. */
    record Seeded(String name, long version, List<String> episodes) {
    }

    /** Creates an agent of {@code owner} with one version and the given finished runs; returns its unique name. */
    static String agent(TaskService tasks, String owner, String prefix, boolean visible, List<Run> runs) {
        return seed(tasks, owner, prefix, visible, runs).name();
    }

    /** As {@link #agent}, returning the version and episode ids too. */
    static Seeded seed(TaskService tasks, String owner, String prefix, boolean visible, List<Run> runs) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        return QuarkusTransaction.requiringNew().call(() -> {
            dev.mledojo.testing.TestAgents.Made made = dev.mledojo.testing.TestAgents.withSubmission(owner, name,
                    visible, runs.stream().map(Run::task).distinct().toList(), 2, 3, "finished");
            AgentVersion v = made.version();
            Submission s = made.submission();
            long seed = 0;
            List<String> episodes = new java.util.ArrayList<>();
            for (Run r : runs) {
                var task = tasks.currentVersion(r.task()).orElseThrow();
                Episode e = Episode.queued(owner, task.id(), r.task(), seed++, 3, 60, s.id, v.id, "baseline", 0, "split");
                e.persist();
                episodes.add(e.id);
                e.state = EpisodeState.FINISHED;
                e.endedAt = Instant.now();
                e.stepCount = 2;
                e.result = new EpisodeResult(true, 1, r.score(), r.score(), r.score(), r.humanRank(), r.humanRank(),
                        r.humanRank(), r.medal(), r.humanRank() >= 0.5, 2, 1, 7, "the agent stopped", "v1", null);
                EpisodeSubmission sub = new EpisodeSubmission(); // made at step 2: the anytime curve rises there
                sub.episodeId = e.id;
                sub.number = 1;
                sub.stepNumber = 2;
                sub.filePath = "submission.csv";
                sub.valid = true;
                sub.feedbackScore = r.score();
                sub.feedbackRank = r.humanRank();
                sub.code = "print('fixture')";
                sub.createdAt = Instant.now();
                sub.persist();
            }
            return new Seeded(name, v.id, episodes);
        });
    }
}
