package dev.mledojo.agent.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.AgentPolicy.Decision;
import dev.mledojo.agent.AgentPolicy.TaskBrief;
import dev.mledojo.gym.Observation;

/** The baselines' decisions for hand-made observations: what they run, when they retry, when they stop. */
class BaselinePolicyTest {

    static final TaskBrief BRIEF = new TaskBrief("practice-tabular-binary", "Churn", "tabular", "roc_auc", true, "id",
            List.of("churned"), "submission.csv", 10);

    final BaselineAgentFactory factory = new BaselineAgentFactory();

    static Observation start(int steps) {
        return new Observation("start", "success", "=== Episode Started ===", Map.of(), null,
                new Observation.Scores(null, null, null, null, null), 0, new Observation.Remaining(steps, 1800), false,
                null);
    }

    static Observation executed(String status, int step, int remaining, boolean done) {
        Map<String, Object> error = "error".equals(status) ? Map.of("kind", "runtime_error", "message", "boom") : null;
        return new Observation("execute_code", status, "=== Code Execution ===", Map.of(), error,
                new Observation.Scores(null, null, null, null, null), step, new Observation.Remaining(remaining, 1700),
                done, done ? "step budget used up" : null);
    }

    static String code(Optional<Decision> decision) {
        assertThat(decision).isPresent();
        assertThat(decision.get().action()).isEqualTo("execute_code");
        assertThat(decision.get().params()).containsOnlyKeys("code");
        return (String) decision.get().params().get("code");
    }

    AgentPolicy policy(String name) {
        return factory.create(Map.of("baseline", name));
    }

    @Test
    void the_factory_is_the_baseline_kind() {
        assertThat(factory.kind()).isEqualTo("baseline");
    }

    @Test
    void sample_submission_copies_the_sample_once_then_stops() {
        AgentPolicy p = policy("sample_submission");
        String code = code(p.next(start(10), BRIEF));
        assertThat(code).contains("shutil.copyfile").contains("'sample_submission.csv'").contains("'submission.csv'")
                .doesNotContain("{{");
        assertThat(p.next(executed("success", 1, 9, false), BRIEF)).isEmpty();
        assertThat(p.next(executed("success", 1, 9, false), BRIEF)).as("stays stopped").isEmpty();
    }

    @Test
    void sample_submission_does_not_retry_a_failed_copy() {
        AgentPolicy p = policy("sample_submission");
        code(p.next(start(10), BRIEF));
        assertThat(p.next(executed("error", 1, 9, false), BRIEF)).isEmpty();
    }

    @Test
    void constant_runs_its_program_and_falls_back_to_the_sample_on_an_error() {
        ScriptedPolicy p = (ScriptedPolicy) policy("constant");
        String first = code(p.next(start(10), BRIEF));
        assertThat(first).contains("constant_predictions(").contains("TARGETS = ['churned']")
                .contains("STYLE = 'proba'").contains("ID_COLUMN = 'id'").doesNotContain("{{");
        String second = code(p.next(executed("error", 1, 9, false), BRIEF));
        assertThat(second).contains("shutil.copyfile");
        assertThat(p.next(executed("error", 2, 8, false), BRIEF)).as("nothing left to try").isEmpty();
        assertThat(p.attemptsSent()).containsExactly("constant", "sample_submission");
    }

    @Test
    void sklearn_retries_once_with_the_constant_program_then_stops() {
        ScriptedPolicy p = (ScriptedPolicy) policy("sklearn");
        String first = code(p.next(start(10), BRIEF));
        assertThat(first).contains("from sklearn").contains("random_state=SEED").contains("write_submission(")
                .doesNotContain("{{");
        String retry = code(p.next(executed("error", 1, 9, false), BRIEF));
        assertThat(retry).contains("constant_predictions(").doesNotContain("from sklearn");
        assertThat(p.next(executed("success", 2, 8, false), BRIEF)).isEmpty();
        assertThat(p.attemptsSent()).containsExactly("sklearn", "constant");
        assertThat(p.name()).isEqualTo("sklearn");
    }

    @Test
    void sklearn_stops_after_a_successful_first_run() {
        ScriptedPolicy p = (ScriptedPolicy) policy("sklearn");
        code(p.next(start(10), BRIEF));
        assertThat(p.next(executed("success", 1, 9, false), BRIEF)).isEmpty();
        assertThat(p.attemptsSent()).containsExactly("sklearn");
    }

    @Test
    void a_done_observation_stops_the_policy_even_after_an_error() {
        AgentPolicy p = policy("sklearn");
        code(p.next(start(1), BRIEF));
        assertThat(p.next(executed("error", 1, 0, true), BRIEF)).isEmpty();
    }

    @Test
    void no_steps_left_or_an_episode_already_over_means_no_action() {
        assertThat(policy("constant").next(executed("error", 3, 0, false), BRIEF)).isEmpty();
        Observation over = new Observation("(none)", "error", "=== Episode Over ===", null, null, null, 5,
                new Observation.Remaining(0, 0), true, "wall time used up");
        assertThat(policy("sklearn").next(over, BRIEF)).isEmpty();
    }

    @Test
    void every_policy_is_fresh_state() {
        AgentPolicy a = policy("constant");
        code(a.next(start(10), BRIEF));
        assertThat(a.next(executed("success", 1, 9, false), BRIEF)).isEmpty();
        code(policy("constant").next(start(10), BRIEF));
    }

    @Test
    void unknown_or_missing_names_are_rejected_with_the_known_names() {
        assertThatThrownBy(() -> factory.create(Map.of("baseline", "xgboost")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'xgboost'")
                .hasMessageContaining("sample_submission, constant, sklearn");
        assertThatThrownBy(() -> factory.create(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample_submission, constant, sklearn");
        assertThatThrownBy(() -> factory.create(null)).isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> wrongType = new HashMap<>();
        wrongType.put("baseline", 42);
        assertThatThrownBy(() -> factory.create(wrongType)).hasMessageContaining("'42'");
    }
}
