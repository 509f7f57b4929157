package dev.mledojo.agent.scaffold;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.error.DomainException;
import dev.mledojo.gym.Observation;
import dev.mledojo.llm.ChatCompletions;
import dev.mledojo.llm.ChatCompletions.Message;
import dev.mledojo.llm.LlmClient;
import io.quarkus.logging.Log;

/**
 * The tree-search scaffold: instead of one conversation choosing actions, it asks the model for whole programs and
 * searches over them ({@link SolutionTree}): several independent drafts, repairs of the ones that fail (their error
 * output is shown), and improvements of the best one by its feedback score. Every program is run with
 * {@code execute_code}; the first step reads the data layout ({@code request_info data_structure}). Each model call is
 * a fresh, self-contained prompt (task, data, the operation and the code it concerns), so the context stays bounded.
 * It stops when the steps run out or the gateway reports the token/cost budget used up; the platform's final
 * submission is then the best-scored one, which is the best node's.
 */
public final class TreeSearchPolicy implements AgentPolicy {

    /** The scaffold's limits and search settings. */
    public record Settings(int contextChars, int maxRetries, SolutionTree.Settings search) {
    }

    /** A program's run output shown to the model when it debugs, cut to this many characters (head and tail). */
    private static final int MAX_PROBLEM_CHARS = 4_000;
    /** Earlier attempts listed in a prompt (most recent first). */
    private static final int MAX_MEMORY = 8;

    private final LlmClient llm;
    private final Settings settings;
    private SolutionTree tree;
    private Random random;
    private String overview;
    private String dataLayout;
    private boolean askedLayout;
    private SolutionTree.Node pending;
    private boolean stopped;
    private int malformedReplies;

    public TreeSearchPolicy(LlmClient llm, Settings settings) {
        this.llm = llm;
        this.settings = settings;
    }

    @Override
    public Optional<Decision> next(Observation last, TaskBrief task) {
        if (tree == null) {
            tree = new SolutionTree(settings.search(), task.higherIsBetter());
            // reproducible: the same task gives the same choices between debugging and improving
            random = new Random(task.id().hashCode());
        }
        if (pending != null) {
            tree.record(pending, outcome(last));
            Log.debugf("tree search: %s", pending);
            pending = null;
        }
        if (stopped || (last != null && (last.done() || (last.remaining() != null && last.remaining().steps() <= 0)))) {
            stopped = true;
            return Optional.empty();
        }
        if (!askedLayout) {
            askedLayout = true;
            overview = last == null ? "" : text(last.feedback());
            return Optional.of(new Decision("request_info", Map.of("info_type", "data_structure")));
        }
        if (dataLayout == null) {
            dataLayout = last == null ? "" : text(last.feedback());
        }
        SolutionTree.Operation operation = tree.next(random);
        Optional<Program> program = write(operation, task);
        if (program.isEmpty()) {
            stopped = true;
            return Optional.empty();
        }
        pending = tree.add(operation, program.get().plan(), program.get().code());
        return Optional.of(new Decision("execute_code", Map.of("code", program.get().code())));
    }

    /** The search so far (for tests and logs). */
    public SolutionTree tree() {
        return tree;
    }

    /** Replies without a program so far (each one was retried). */
    public int malformedReplies() {
        return malformedReplies;
    }

    /** How the step that ran a node's program went, from its observation. */
    static SolutionTree.Outcome outcome(Observation o) {
        if (o == null) {
            return SolutionTree.Outcome.buggy("no observation");
        }
        if ("success".equals(o.status())) {
            Observation.Scores s = o.scores();
            Integer submission = null;
            if (o.result() != null && o.result().get("submission") instanceof Map<?, ?> m
                    && m.get("submission") instanceof Number n) {
                submission = n.intValue();
            }
            return SolutionTree.Outcome.valid(s == null ? null : s.currentRaw(), s == null ? null : s.currentHumanRank(),
                    submission);
        }
        StringBuilder problem = new StringBuilder();
        if (o.error() != null && o.error().get("kind") != null) {
            problem.append("Error kind: ").append(o.error().get("kind"));
            if (o.error().get("message") != null) {
                problem.append(" — ").append(o.error().get("message"));
            }
            problem.append("\n\n");
        }
        problem.append(text(o.feedback()));
        return SolutionTree.Outcome.buggy(clip(problem.toString(), MAX_PROBLEM_CHARS));
    }

    /** A program the model wrote, with the words it put before it. */
    record Program(String plan, String code) {
    }

    /** Asks the model for the operation's program, retrying replies without one; empty when the agent must stop. */
    private Optional<Program> write(SolutionTree.Operation operation, TaskBrief task) {
        List<Message> messages = new ArrayList<>();
        messages.add(new Message("system", systemPrompt(task)));
        messages.add(new Message("user", operationPrompt(operation, task)));
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            String reply;
            try {
                reply = llm.chat(new ChatCompletions.Request(null, List.copyOf(messages), null, null)).content();
            } catch (DomainException.BudgetExhausted e) {
                Log.infof("tree-search agent stops: %s", e.getMessage());
                return Optional.empty();
            } catch (DomainException e) {
                throw new IllegalStateException("the model call failed (" + e.slug() + "): " + e.getMessage(), e);
            }
            Optional<Program> program = parse(reply);
            if (program.isPresent()) {
                return program;
            }
            malformedReplies++;
            messages.add(new Message("assistant", reply == null ? "" : reply));
            messages.add(new Message("user", "Your reply had no program. Answer with a short description of the approach "
                    + "followed by exactly one fenced block ```python ... ``` holding the complete program."));
        }
        Log.infof("tree-search agent stops: %d replies in a row without a program", settings.maxRetries() + 1);
        return Optional.empty();
    }

    /** The first fenced code block of a reply (```python or a bare ```), and the text before it. */
    static Optional<Program> parse(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        int fence = reply.indexOf("```");
        while (fence >= 0) {
            int lineEnd = reply.indexOf('\n', fence);
            if (lineEnd < 0) {
                return Optional.empty();
            }
            String language = reply.substring(fence + 3, lineEnd).strip().toLowerCase(Locale.ROOT);
            int close = reply.indexOf("```", lineEnd + 1);
            if (close < 0) {
                return Optional.empty();
            }
            String code = reply.substring(lineEnd + 1, close).strip();
            if ((language.isEmpty() || language.equals("python") || language.equals("py")) && !code.isEmpty()) {
                return Optional.of(new Program(reply.substring(0, fence).strip(), code + "\n"));
            }
            fence = reply.indexOf("```", close + 3);
        }
        return Optional.empty();
    }

    private String systemPrompt(TaskBrief task) {
        int share = Math.max(1_000, settings.contextChars() / 3);
        return "You are a machine-learning engineer searching for the best solution to a prediction task. Each of your "
                + "answers is one complete Python program that is run on its own, from scratch, in a sandbox without "
                + "network (Python 3 with pandas, numpy, scikit-learn and scipy). The data is under /data (read-only); "
                + "the program must write the predictions for every test id to /workspace/" + task.submissionFile()
                + ". Files the program writes elsewhere in /workspace stay for later programs, but do not rely on them.\n\n"
                + "Task " + task.id() + " (" + task.title() + "), domain " + task.domain() + ". Metric: " + task.metric()
                + (task.higherIsBetter() ? " (higher is better)" : " (lower is better)") + ". Id column: "
                + task.idColumn() + "; target columns: " + (task.targetColumns().isEmpty()
                        ? "as in sample_submission.csv" : String.join(", ", task.targetColumns()))
                + ".\n\nWhat the environment said at the start:\n" + clip(overview, share)
                + "\n\nThe data files:\n" + clip(dataLayout, share)
                + "\n\nAnswer with a few sentences on your approach, then exactly one fenced block ```python ... ``` "
                + "with the whole program. Keep it quick to run; print a validation score if you compute one.";
    }

    private String operationPrompt(SolutionTree.Operation operation, TaskBrief task) {
        SolutionTree.Node parent = operation.parent();
        return switch (operation.stage()) {
            case DRAFT -> {
                long drafts = tree.nodes().stream().filter(n -> n.stage() == SolutionTree.Stage.DRAFT).count();
                StringBuilder s = new StringBuilder("Write a new solution from scratch (draft ").append(drafts + 1)
                        .append(" of ").append(tree.settings().drafts()).append("). A simple, sound approach that runs "
                                + "reliably is better than an ambitious one.");
                List<SolutionTree.Node> others = tree.nodes().stream().filter(n -> n.stage() == SolutionTree.Stage.DRAFT)
                        .toList();
                if (!others.isEmpty()) {
                    s.append(" Take a different approach from the earlier drafts:\n").append(memory(others));
                }
                yield s.toString();
            }
            case DEBUG -> "This program failed. Find the cause and write the corrected complete program; keep its "
                    + "approach unless the approach is the cause.\n\n```python\n" + parent.code().strip() + "\n```\n\n"
                    + "What happened:\n" + (parent.outcome() == null ? "" : parent.outcome().problem());
            case IMPROVE -> {
                StringBuilder s = new StringBuilder("This program is the best so far: ").append(score(parent, task))
                        .append(". Make ONE focused change that should improve the score (features, model, "
                                + "hyper-parameters, validation, ...), say which, and write the complete new program.");
                List<SolutionTree.Node> tried = tree.nodes().stream()
                        .filter(n -> n.stage() == SolutionTree.Stage.IMPROVE).toList();
                if (!tried.isEmpty()) {
                    s.append("\n\nImprovements tried so far:\n").append(memory(tried));
                }
                s.append("\n\n```python\n").append(parent.code().strip()).append("\n```");
                yield s.toString();
            }
        };
    }

    /** One line per node: its plan's first line and how it ran (most recent last, at most {@link #MAX_MEMORY}). */
    private String memory(List<SolutionTree.Node> nodes) {
        StringBuilder s = new StringBuilder();
        for (SolutionTree.Node n : nodes.subList(Math.max(0, nodes.size() - MAX_MEMORY), nodes.size())) {
            String plan = n.plan().isBlank() ? "(no description)" : n.plan().strip().lines().findFirst().orElse("");
            s.append("- ").append(clip(plan, 200)).append(" → ")
                    .append(n.status() == SolutionTree.Status.VALID ? "score " + fmt(n.outcome().score()) : "failed")
                    .append('\n');
        }
        return s.toString();
    }

    private static String score(SolutionTree.Node node, TaskBrief task) {
        SolutionTree.Outcome o = node.outcome();
        if (o.score() == null) {
            return "it wrote a valid submission (scores are hidden in this environment)";
        }
        return task.metric() + " " + fmt(o.score()) + " on the feedback part ("
                + (task.higherIsBetter() ? "higher" : "lower") + " is better)"
                + (o.humanRank() == null ? "" : ", HumanRank " + fmt(o.humanRank()));
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String clip(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int half = max / 2;
        return text.substring(0, half) + "\n[... " + (text.length() - 2 * half) + " characters cut ...]\n"
                + text.substring(text.length() - half);
    }
}
