package dev.mledojo.gym.info;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.mledojo.gym.EpisodeContext;
import dev.mledojo.gym.InfoProvider;
import dev.mledojo.task.TaskDefinition;

/**
 * The info types of MLE-Dojo's {@code request_info}: overview, sample_submission, data_structure, data_path,
 * output_path, name and metadata (and {@code all}, see {@link AllInfo}); each is its own bean.
 */
@ApplicationScoped
public class StandardInfo {

    /** An info provider from a name and a function. */
    public record Info(String type, java.util.function.Function<EpisodeContext, String> text) implements InfoProvider {
        @Override
        public String provide(EpisodeContext context) {
            return text.apply(context);
        }
    }

    @Produces
    @ApplicationScoped
    InfoProvider overview() {
        return new Info("overview", c -> {
            var description = c.publicDir().resolve("description.md");
            return Files.exists(description) ? PublicFiles.readText(description, 60_000) : c.task().definition().description();
        });
    }

    @Produces
    @ApplicationScoped
    InfoProvider sampleSubmission() {
        return new Info("sample_submission", c -> {
            var sample = c.publicDir().resolve("sample_submission.csv");
            return Files.exists(sample) ? PublicFiles.head(sample, 5) : "This task has no sample_submission.csv.";
        });
    }

    @Produces
    @ApplicationScoped
    InfoProvider dataStructure() {
        return new Info("data_structure", c -> {
            var custom = c.publicDir().resolve("data_structure.txt");
            return Files.exists(custom) ? PublicFiles.readText(custom, 20_000)
                    : PublicFiles.tree(c.publicDir(), EpisodeContext.DATA_MOUNT);
        });
    }

    @Produces
    @ApplicationScoped
    InfoProvider dataPath() {
        return new Info("data_path", c -> EpisodeContext.DATA_MOUNT
                + " (read-only: the task's public files; read them from your code by this path)");
    }

    @Produces
    @ApplicationScoped
    InfoProvider outputPath() {
        return new Info("output_path", c -> EpisodeContext.WORKSPACE_MOUNT + "/" + c.task().definition().submissionFile()
                + " (write your submission here; " + EpisodeContext.WORKSPACE_MOUNT
                + " is your read-write working directory and persists between steps)");
    }

    @Produces
    @ApplicationScoped
    InfoProvider name() {
        return new Info("name", c -> c.task().slug() + " (" + c.task().definition().title() + ")");
    }

    @Produces
    @ApplicationScoped
    InfoProvider metadata() {
        return new Info("metadata", c -> {
            TaskDefinition d = c.task().definition();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("task", d.id());
            m.put("version", c.task().number());
            m.put("domain", d.domain().wireName());
            m.put("tags", String.join(", ", d.tags()));
            m.put("metric", d.metricId() + (d.higherIsBetter() ? " (higher is better)" : " (lower is better)"));
            m.put("id_column", d.idColumnsLabel());
            m.put("target_columns", d.targetColumnsLabel());
            if (!d.submission().columns().isEmpty()) {
                m.put("submission_columns", String.join(", ", d.submission().columns()));
            }
            if (d.submission().extraColumnsAllowed()) {
                m.put("extra_columns", "allowed (ignored)");
            }
            if (!d.submission().checks().isEmpty()) {
                m.put("value_checks", String.join(", ", d.submission().checks().stream()
                        .map(dev.mledojo.task.SubmissionCheck::wireName).toList()));
            }
            m.put("submission_file", d.submissionFile());
            m.put("comparison_board", d.leaderboard().label() + ", " + d.privateBoard().size() + " entries");
            m.put("score_mode", c.scoreMode().wireName());
            m.put("feedback_scores", c.feedbackMode().wireName().equals("split")
                    ? "computed on a held-out feedback part of the test set (the final result uses the other part)"
                    : c.feedbackMode().wireName());
            m.put("remaining_steps", c.remaining().steps());
            m.put("remaining_wall_time_s", c.remaining().wallTime().toSeconds());
            m.put("execution_wall_time_s", c.limits().wallTime().toSeconds());
            m.put("execution_memory_mb", c.limits().memoryBytes() / (1024 * 1024));
            return m.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"));
        });
    }
}
