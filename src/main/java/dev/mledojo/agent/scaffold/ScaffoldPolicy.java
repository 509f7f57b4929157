package dev.mledojo.agent.scaffold;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.error.DomainException;
import dev.mledojo.gym.Observation;
import dev.mledojo.llm.ChatCompletions.Message;
import dev.mledojo.llm.ChatCompletions;
import dev.mledojo.llm.LlmClient;
import io.quarkus.logging.Log;

/**
 * The scaffold agent's loop: a system prompt with the task brief and the action list; after each observation the
 * model is asked for ONE JSON action {@code {"action": ..., "params": {...}}}. A malformed reply is answered with what
 * was wrong and retried (at most {@code max_retries} times in a row; every reply is a metered model call). The context
 * stays within {@code context_chars}: older turns are replaced by a one-line-per-step summary, and the best code so
 * far is kept. It stops when the model answers {@code {"action": "done"}}, when the episode is out of steps, or when
 * the gateway reports the token/cost budget used up; other gateway errors end the episode as an agent error.
 */
public final class ScaffoldPolicy implements AgentPolicy {

    /** Context and retry limits. */
    public record Limits(int contextChars, int maxRetries) {
    }

    /** Observations are cut to this many characters in the conversation (the feedback's head and tail are kept). */
    private static final int MAX_OBSERVATION_CHARS = 6_000;
    /** Turns (an assistant message and the user message after it) kept verbatim when summarising. */
    private static final int KEEP_RECENT_MESSAGES = 4;

    private final LlmClient llm;
    private final ObjectMapper json;
    private final Limits limits;
    private final List<Message> messages = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();
    private Decision lastDecision;
    private Integer bestSubmissionSeen;
    private String bestCode;
    private Double bestScore;
    private boolean stopped;
    private int malformedReplies;

    public ScaffoldPolicy(LlmClient llm, ObjectMapper json, Limits limits) {
        this.llm = llm;
        this.json = json;
        this.limits = limits;
    }

    @Override
    public Optional<Decision> next(Observation last, TaskBrief task) {
        if (stopped || (last != null && (last.done() || (last.remaining() != null && last.remaining().steps() <= 0)))) {
            stopped = true;
            return Optional.empty();
        }
        if (messages.isEmpty()) {
            messages.add(new Message("system", systemPrompt(task, last)));
            messages.add(new Message("user", "The episode has started.\n\n" + clip(last == null ? "" : last.feedback())
                    + "\n\nReply with your first action as ONE JSON object."));
        } else {
            remember(last);
            messages.add(new Message("user", observationText(last)));
        }
        for (int attempt = 0; attempt <= limits.maxRetries(); attempt++) {
            compact();
            String reply;
            try {
                reply = llm.chat(new ChatCompletions.Request(null, List.copyOf(messages), null, null)).content();
            } catch (DomainException.BudgetExhausted e) {
                Log.infof("scaffold agent stops: %s", e.getMessage());
                stopped = true;
                return Optional.empty();
            } catch (DomainException e) {
                throw new IllegalStateException("the model call failed (" + e.slug() + "): " + e.getMessage(), e);
            }
            messages.add(new Message("assistant", reply == null ? "" : reply));
            Parsed parsed = parse(reply);
            if (parsed.decision() != null) {
                if (isDone(parsed.decision().action())) {
                    stopped = true;
                    return Optional.empty();
                }
                lastDecision = parsed.decision();
                return Optional.of(parsed.decision());
            }
            malformedReplies++;
            messages.add(new Message("user", "Your reply was not a valid action: " + parsed.problem()
                    + ". Reply with exactly ONE JSON object {\"action\": \"<name>\", \"params\": {...}} and nothing else."));
        }
        stopped = true; // the model kept answering nonsense: stop, the episode keeps what it has
        return Optional.empty();
    }

    /** Replies that were not a valid action so far (each one was retried). */
    public int malformedReplies() {
        return malformedReplies;
    }

    private static boolean isDone(String action) {
        return action.equals("done") || action.equals("finish") || action.equals("stop");
    }

    private String systemPrompt(TaskBrief task, Observation start) {
        StringBuilder s = new StringBuilder();
        s.append("You are a machine-learning engineer solving a competition task in a Gym-style environment.\n\n");
        s.append("Task: ").append(task.id()).append(" (").append(task.title()).append("), domain ").append(task.domain())
                .append(". Metric: ").append(task.metric()).append(task.higherIsBetter() ? " (higher is better)"
                        : " (lower is better)").append(". Id column: ").append(task.idColumn()).append("; target columns: ")
                .append(task.targetColumns().isEmpty() ? "every answer column after the id (as in sample_submission.csv)"
                        : String.join(", ", task.targetColumns())).append(". Write /workspace/")
                .append(task.submissionFile()).append("; the data is under /data (read-only). Budget: ")
                .append(task.maxSteps()).append(" steps.\n\nActions:\n");
        Object actions = start == null || start.result() == null ? null : start.result().get("actions");
        if (actions instanceof Map<?, ?> map) {
            map.forEach((name, description) -> s.append("- ").append(name).append(": ").append(description).append('\n'));
        } else {
            s.append("- request_info {info_type}\n- validate_code {code}\n- execute_code {code}\n- get_history\n- reset\n");
        }
        s.append("- done: stop (your best submission counts)\n\n");
        s.append("Each reply must be exactly ONE JSON object, {\"action\": \"<name>\", \"params\": {...}}, e.g. ")
                .append("{\"action\": \"execute_code\", \"params\": {\"code\": \"import pandas as pd\\n...\"}}. ")
                .append("Each execute_code runs a fresh Python process; only files in /workspace persist.");
        return s.toString();
    }

    /** Notes what the last action achieved, for the summary and the best code. */
    private void remember(Observation last) {
        if (lastDecision == null || last == null) {
            return;
        }
        Observation.Scores scores = last.scores();
        String line = "step " + last.stepCount() + ": " + lastDecision.action() + " → " + last.status()
                + (scores != null && scores.currentRaw() != null ? ", score " + scores.currentRaw() : "")
                + (last.error() != null && last.error().get("kind") != null ? ", error " + last.error().get("kind") : "");
        summary.add(line);
        if (scores != null && scores.bestSubmission() != null && !scores.bestSubmission().equals(bestSubmissionSeen)
                && "execute_code".equals(lastDecision.action())) {
            bestSubmissionSeen = scores.bestSubmission();
            bestScore = scores.bestRaw();
            Object code = lastDecision.params() == null ? null : lastDecision.params().get("code");
            bestCode = code == null ? null : code.toString();
        }
    }

    private String observationText(Observation o) {
        if (o == null) {
            return "(no observation)";
        }
        StringBuilder s = new StringBuilder("Observation (step ").append(o.stepCount()).append(", status ")
                .append(o.status()).append("):\n").append(clip(o.feedback()));
        if (o.remaining() != null) {
            s.append("\n\nRemaining: ").append(o.remaining().steps()).append(" steps, ")
                    .append(o.remaining().wallTimeSeconds()).append(" s.");
        }
        return s.append(" Reply with your next action as ONE JSON object.").toString();
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        if (text.length() <= MAX_OBSERVATION_CHARS) {
            return text;
        }
        int half = MAX_OBSERVATION_CHARS / 2;
        return text.substring(0, half) + "\n[... " + (text.length() - 2 * half) + " characters cut ...]\n"
                + text.substring(text.length() - half);
    }

    /**
     * Keeps the conversation within the window: the system prompt and first user message stay, the most recent
     * messages stay, everything between becomes one summary message (with the best code so far).
     */
    private void compact() {
        int size = messages.stream().mapToInt(m -> m.content().length()).sum();
        if (size <= limits.contextChars() || messages.size() <= 2 + KEEP_RECENT_MESSAGES + 1) {
            return;
        }
        List<Message> recent = new ArrayList<>(messages.subList(messages.size() - KEEP_RECENT_MESSAGES, messages.size()));
        StringBuilder s = new StringBuilder("Summary of the earlier steps:\n");
        summary.forEach(line -> s.append("- ").append(line).append('\n'));
        if (bestCode != null) {
            s.append("\nBest code so far (score ").append(bestScore).append("):\n```python\n").append(bestCode)
                    .append("\n```\n");
        }
        List<Message> compacted = new ArrayList<>(messages.subList(0, 2));
        compacted.add(new Message("assistant", "(earlier turns summarised)"));
        compacted.add(new Message("user", s.toString()));
        compacted.add(new Message("assistant", "Understood."));
        if (!recent.isEmpty() && recent.get(0).role().equals("assistant")) {
            compacted.remove(compacted.size() - 1);
        }
        compacted.addAll(recent);
        messages.clear();
        messages.addAll(compacted);
    }

    /** A reply's action, or what is wrong with it. */
    record Parsed(Decision decision, String problem) {
    }

    @SuppressWarnings("unchecked")
    Parsed parse(String reply) {
        if (reply == null || reply.isBlank()) {
            return new Parsed(null, "the reply was empty");
        }
        String text = reply.strip();
        int fence = text.indexOf("```");
        if (fence >= 0) {
            int start = text.indexOf('\n', fence);
            int end = text.indexOf("```", start + 1);
            if (start > 0 && end > start) {
                text = text.substring(start + 1, end).strip();
            }
        }
        int open = text.indexOf('{');
        int close = text.lastIndexOf('}');
        if (open < 0 || close < open) {
            return new Parsed(null, "no JSON object found");
        }
        JsonNode node;
        try {
            node = json.readTree(text.substring(open, close + 1));
        } catch (JsonProcessingException e) {
            return new Parsed(null, "the JSON does not parse (" + e.getOriginalMessage() + ")");
        }
        if (!node.path("action").isTextual() || node.path("action").asText().isBlank()) {
            return new Parsed(null, "the object has no \"action\" string");
        }
        JsonNode params = node.path("params");
        if (!params.isMissingNode() && !params.isNull() && !params.isObject()) {
            return new Parsed(null, "\"params\" must be an object");
        }
        Map<String, Object> p = params.isObject() ? json.convertValue(params, Map.class) : Map.of();
        return new Parsed(new Decision(node.path("action").asText(), p), null);
    }
}
