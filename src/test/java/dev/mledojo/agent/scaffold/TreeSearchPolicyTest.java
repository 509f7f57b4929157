package dev.mledojo.agent.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.AgentPolicy.Decision;
import dev.mledojo.agent.scaffold.SolutionTree.Node;
import dev.mledojo.agent.scaffold.SolutionTree.Stage;
import dev.mledojo.error.DomainException;
import dev.mledojo.gym.Observation;
import dev.mledojo.llm.ChatCompletions;
import dev.mledojo.llm.LlmClient;
import dev.mledojo.llm.LlmProvider;
import dev.mledojo.llm.ReplayProvider;

/**
 * The tree-search policy with recorded model replies (the {@code replay} provider) against a scripted environment:
 * the sequence of actions it takes, the tree it builds, and how it stops on the step and token budgets.
 */
class TreeSearchPolicyTest {

    static final AgentPolicy.TaskBrief TASK = new AgentPolicy.TaskBrief("practice-tabular-binary", "Churn", "tabular",
            "roc_auc", true, "id", List.of("churned"), "submission.csv", 10);

    /** The gateway in miniature: replays the recorded answers in order and refuses calls once the token budget is used. */
    static final class ReplayClient implements LlmClient {
        final Map<String, Object> config = new HashMap<>();
        final List<ChatCompletions.Request> requests = new ArrayList<>();
        final long maxTokens;
        long tokens;

        ReplayClient(List<String> replies, long maxTokens) {
            config.put("provider", "replay");
            config.put("replay", replies.stream().map(r -> (Object) Map.of("content", r, "prompt_tokens", 80,
                    "completion_tokens", 20)).toList());
            new ReplayProvider().validate(config);
            this.maxTokens = maxTokens;
        }

        @Override
        public ChatCompletions.Response chat(ChatCompletions.Request request) {
            if (tokens >= maxTokens) {
                throw DomainException.budgetExhausted("llm-budget-exhausted", "The episode's token budget exhausted ("
                        + tokens + " of " + maxTokens + " tokens used).");
            }
            LlmProvider.Answer a = new ReplayProvider().complete(new LlmProvider.Call(config, "recorded", request,
                    requests.size(), Optional.empty()));
            requests.add(request);
            tokens += a.promptTokens() + a.completionTokens();
            return new ChatCompletions.Response("r" + requests.size(), "chat.completion", 0, "recorded",
                    List.of(new ChatCompletions.Choice(0, new ChatCompletions.Message("assistant", a.content()), "stop")),
                    new ChatCompletions.Usage(a.promptTokens(), a.completionTokens(), a.promptTokens() + a.completionTokens()),
                    0.0);
        }

        String prompt(int call) {
            return requests.get(call).messages().get(requests.get(call).messages().size() - 1).content();
        }
    }

    /** A reply in the format the scaffold asks for. */
    static String reply(String plan, String code) {
        return plan + "\n\n```python\n" + code + "\n```\n";
    }

    /**
     * A scripted environment of {@code maxSteps} steps: a program {@code print(<score>)} writes a valid submission with
     * that feedback score (HumanRank = score / 2), a program containing {@code raise} fails with its message.
     */
    static final class ScriptedEnv {
        final int maxSteps;
        final List<Decision> actions = new ArrayList<>();
        int submissions;

        ScriptedEnv(int maxSteps) {
            this.maxSteps = maxSteps;
        }

        Observation start() {
            return new Observation("start", "success", "=== Episode Started ===\nPredict churn.", Map.of(), null,
                    new Observation.Scores(null, null, null, null, null), 0, new Observation.Remaining(maxSteps, 600),
                    false, null);
        }

        Observation step(Decision d) {
            actions.add(d);
            int step = actions.size();
            Observation.Remaining left = new Observation.Remaining(maxSteps - step, 600);
            boolean done = step >= maxSteps;
            if (d.action().equals("request_info")) {
                return new Observation("request_info", "success", "/data\n  train.csv\n  test.csv\n  sample_submission.csv",
                        Map.of(), null, null, step, left, done, null);
            }
            String code = (String) d.params().get("code");
            if (code.contains("raise")) {
                return new Observation("execute_code", "error", "=== Code Execution ===\nTraceback: " + code.strip(),
                        Map.of(), Map.of("kind", "runtime_error", "message", "the code raised an exception"), null, step,
                        left, done, null);
            }
            double score = Double.parseDouble(code.strip().replaceAll("print\\((.*)\\)", "$1"));
            submissions++;
            return new Observation("execute_code", "success", "=== Submission Evaluation ===\nRaw score: " + score,
                    Map.of("submission", Map.of("submission", submissions, "valid", true)), null,
                    new Observation.Scores(score, score / 2, null, null, null), step, left, done, null);
        }

        /**
         * Runs the policy as the episode runner does, until it stops or the episode is done; returns the last
         * observation.
         */
        Observation drive(AgentPolicy policy) {
            Observation o = start();
            for (int turn = 0; turn <= maxSteps; turn++) {
                Optional<Decision> d = policy.next(o, TASK);
                if (d.isEmpty()) {
                    return o;
                }
                o = step(d.get());
                if (o.done()) {
                    return o;
                }
            }
            return o;
        }
    }

    static TreeSearchPolicy policy(ReplayClient client, int drafts, int maxDebugDepth, double debugProbability) {
        return new TreeSearchPolicy(client, new TreeSearchPolicy.Settings(24_000, 1,
                new SolutionTree.Settings(drafts, maxDebugDepth, debugProbability)));
    }

    static List<String> codes(ScriptedEnv env) {
        return env.actions.stream().filter(a -> a.action().equals("execute_code"))
                .map(a -> ((String) a.params().get("code")).strip()).toList();
    }

    @Test
    void drafts_debugs_the_failing_draft_improves_the_best_and_stops_when_the_steps_run_out() {
        ReplayClient client = new ReplayClient(List.of(
                reply("Draft: predict the prior.", "print(0.6)"),
                reply("Draft: a model on a column that does not exist.", "raise KeyError('target')"),
                reply("The target is churned, not target.", "print(0.8)"),
                reply("Add interaction features.", "print(0.7)"),
                reply("Tune the regularisation.", "print(0.9)"),
                reply("never asked", "print(1.0)")), Long.MAX_VALUE);
        TreeSearchPolicy policy = policy(client, 2, 1, 1.0);
        ScriptedEnv env = new ScriptedEnv(6);
        Observation last = env.drive(policy);
        assertThat(last.done()).isTrue();
        // asked once more (as after a step that ended the episode), it records the last run and stops
        assertThat(policy.next(last, TASK)).isEmpty();

        assertThat(env.actions).extracting(Decision::action).containsExactly("request_info", "execute_code",
                "execute_code", "execute_code", "execute_code", "execute_code");
        assertThat(env.actions.get(0).params()).isEqualTo(Map.of("info_type", "data_structure"));
        assertThat(codes(env)).containsExactly("print(0.6)", "raise KeyError('target')", "print(0.8)", "print(0.7)",
                "print(0.9)");
        assertThat(client.requests).hasSize(5); // the sixth reply is never asked for: the steps ran out

        List<Node> nodes = policy.tree().nodes();
        assertThat(nodes).extracting(Node::stage).containsExactly(Stage.DRAFT, Stage.DRAFT, Stage.DEBUG, Stage.IMPROVE,
                Stage.IMPROVE);
        assertThat(nodes.get(2).parent()).contains(nodes.get(1));
        assertThat(nodes.get(3).parent()).contains(nodes.get(2)); // the debugged draft (0.8) was the best
        assertThat(nodes.get(4).parent()).contains(nodes.get(2)); // 0.7 did not beat it
        Node best = policy.tree().best().orElseThrow();
        assertThat(best).isSameAs(nodes.get(4));
        assertThat(best.outcome().score()).isEqualTo(0.9);
        assertThat(best.outcome().humanRank()).isEqualTo(0.45);
        assertThat(best.outcome().submission()).isEqualTo(4); // the failed run wrote no submission

        // what the model saw: the task and the data layout; the second draft is told about the first; the debug prompt
        // shows the failing code and its error; the improve prompt shows the best code and its score
        String system = client.requests.get(0).messages().get(0).content();
        assertThat(system).contains("practice-tabular-binary", "roc_auc (higher is better)", "Predict churn.",
                "sample_submission.csv", "/workspace/submission.csv", "```python");
        assertThat(client.prompt(0)).contains("draft 1 of 2");
        assertThat(client.prompt(1)).contains("draft 2 of 2", "Draft: predict the prior. → score 0.600000");
        assertThat(client.prompt(2)).contains("raise KeyError('target')", "runtime_error",
                "the code raised an exception");
        assertThat(client.prompt(3)).contains("roc_auc 0.800000", "HumanRank 0.400000", "print(0.8)");
        assertThat(client.prompt(4)).contains("Add interaction features. → score 0.700000", "print(0.8)");
    }

    @Test
    void a_used_up_token_budget_stops_the_search_with_the_best_node_so_far() {
        ReplayClient client = new ReplayClient(List.of(reply("A", "print(0.55)"), reply("B", "print(0.75)"),
                reply("C", "print(0.65)"), reply("D", "print(0.95)")), 250);
        TreeSearchPolicy policy = policy(client, 3, 2, 0.5);
        ScriptedEnv env = new ScriptedEnv(20);
        env.drive(policy);
        // 100 tokens a call: the third call brings the total to 300; the fourth is refused and the agent stops
        assertThat(client.requests).hasSize(3);
        assertThat(codes(env)).containsExactly("print(0.55)", "print(0.75)", "print(0.65)");
        assertThat(policy.tree().nodes()).extracting(Node::stage).containsOnly(Stage.DRAFT);
        assertThat(policy.tree().best().orElseThrow().code().strip()).isEqualTo("print(0.75)");
        assertThat(env.actions).hasSize(4);
    }

    @Test
    void a_reply_without_a_program_is_retried_and_the_search_stops_after_too_many() {
        ReplayClient client = new ReplayClient(List.of("I would start with a model.", reply("Prior.", "print(0.5)"),
                "Still thinking.", "No code again."), Long.MAX_VALUE);
        TreeSearchPolicy policy = policy(client, 2, 1, 1.0);
        ScriptedEnv env = new ScriptedEnv(20);
        env.drive(policy);
        assertThat(codes(env)).containsExactly("print(0.5)");
        assertThat(policy.malformedReplies()).isEqualTo(3);
        assertThat(client.requests).hasSize(4);
        // the retry keeps the conversation and says what was missing
        List<ChatCompletions.Message> retry = client.requests.get(1).messages();
        assertThat(retry).hasSize(4);
        assertThat(retry.get(2).content()).isEqualTo("I would start with a model.");
        assertThat(retry.get(3).content()).contains("no program", "```python");
        assertThat(policy.tree().best().orElseThrow().code()).isEqualTo("print(0.5)\n");
    }

    @Test
    void the_first_python_block_is_the_program() {
        assertThat(TreeSearchPolicy.parse("Plan.\n```json\n{}\n```\nthen\n```python\nx = 1\n```\n```python\ny\n```"))
                .contains(new TreeSearchPolicy.Program("Plan.\n```json\n{}\n```\nthen", "x = 1\n"));
        assertThat(TreeSearchPolicy.parse("```\nprint(2)\n```")).contains(new TreeSearchPolicy.Program("", "print(2)\n"));
        assertThat(TreeSearchPolicy.parse("no code")).isEmpty();
        assertThat(TreeSearchPolicy.parse("```python\nunclosed")).isEmpty();
        assertThat(TreeSearchPolicy.parse("```python\n\n```")).isEmpty();
        assertThat(TreeSearchPolicy.parse(null)).isEmpty();
    }
}
