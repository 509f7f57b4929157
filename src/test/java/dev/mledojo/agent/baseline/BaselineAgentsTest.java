package dev.mledojo.agent.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy.TaskBrief;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskService;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every baseline through the real environment (HTTP, bwrap, Python) on every practice task: all hand in valid
 * submissions, and the scikit-learn baseline beats the constant one on the tabular and text tasks.
 */
@QuarkusTest
class BaselineAgentsTest {

    static final List<String> BASELINES = List.of("sample_submission", "constant", "sklearn");
    /** task → baseline → "final score (HumanRank)", written to target/baseline-scores.md. */
    static final Map<String, Map<String, String>> FINAL_SCORES = new ConcurrentHashMap<>();

    @Inject
    jakarta.enterprise.inject.Instance<AgentFactory> factories;

    @Inject
    TaskService tasks;

    final EpisodeDriver demo = new EpisodeDriver("demo", "demo");

    AgentFactory baselineFactory() {
        return factories.stream().filter(f -> f.kind().equals("baseline")).findFirst().orElseThrow();
    }

    TaskBrief brief(String slug, int maxSteps) {
        TaskDefinition d = tasks.currentVersion(slug).orElseThrow().definition();
        return new TaskBrief(d.id(), d.title(), d.domain().wireName(), d.metricId(), d.higherIsBetter(), d.idColumn(),
                d.targetColumns(), d.submissionFile(), maxSteps);
    }

    @ParameterizedTest
    @ValueSource(strings = {"practice-tabular-binary", "practice-tabular-regression", "practice-text-classification",
            "practice-timeseries-forecasting"})
    void every_baseline_hands_in_a_valid_submission(String task) throws Exception {
        TaskBrief brief = brief(task, 5);
        Map<String, Double> scores = new TreeMap<>();
        Map<String, String> report = new TreeMap<>();
        for (String name : BASELINES) {
            ScriptedPolicy policy = (ScriptedPolicy) baselineFactory().create(Map.of("baseline", name));
            EpisodeDriver.Outcome outcome = demo.drive(policy, brief, brief.maxSteps());
            String feedback = outcome.observations().isEmpty() ? "" : outcome.observations().get(0).feedback();
            assertThat(policy.attemptsSent()).as(name + " on " + task + ":\n" + feedback).containsExactly(name);
            assertThat(outcome.decisions()).extracting(d -> d.action()).containsExactly("execute_code");
            assertThat(outcome.observations().get(0).status()).as(feedback).isEqualTo("success");
            assertThat(outcome.closed().path("state").asText()).isEqualTo("finished");
            JsonNode result = outcome.result();
            assertThat(result.path("valid").asBoolean()).as(name + " on " + task).isTrue();
            assertThat(result.path("finalScore").isNumber()).isTrue();
            assertThat(result.path("steps").asInt()).isEqualTo(1);
            scores.put(name, result.path("finalScore").asDouble());
            report.put(name, String.format(java.util.Locale.ROOT, "%.5f (HR %.3f)",
                    result.path("finalScore").asDouble(), result.path("humanRank").asDouble()));
            Log.infof("baseline %s on %s: final score %.5f, HumanRank %.4f", name, task,
                    result.path("finalScore").asDouble(), result.path("humanRank").asDouble());
        }
        FINAL_SCORES.put(task, report);

        if (!task.equals("practice-timeseries-forecasting")) {
            double sklearn = scores.get("sklearn");
            double constant = scores.get("constant");
            if (brief.higherIsBetter()) {
                assertThat(sklearn).as("sklearn beats constant on " + task).isGreaterThan(constant);
            } else {
                assertThat(sklearn).as("sklearn beats constant on " + task).isLessThan(constant);
            }
        }
    }

    @AfterAll
    static void report() throws Exception {
        StringBuilder sb = new StringBuilder("| task | " + String.join(" | ", BASELINES) + " |\n|---|---|---|---|\n");
        new TreeMap<>(FINAL_SCORES).forEach((task, scores) -> {
            sb.append("| ").append(task);
            BASELINES.forEach(b -> sb.append(" | ").append(scores.getOrDefault(b, "-")));
            sb.append(" |\n");
        });
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "baseline-scores.md"), sb.toString());
        Log.info("final scores of the baselines:\n" + sb);
    }
}
