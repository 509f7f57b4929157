package dev.mledojo.agent.baseline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.gym.Observation;

/**
 * A baseline's state machine: runs its first program with {@code execute_code}; when that step comes back as an error
 * observation, runs the next (simpler) program; stops after the first success, after the last program, or as soon as
 * the episode is done or out of steps.
 */
public final class ScriptedPolicy implements AgentPolicy {

    /** The action every attempt uses. */
    public static final String EXECUTE_CODE = "execute_code";

    /** One program to try: a label for logs and tests, and its code rendered from the task brief. */
    public record Attempt(String label, Function<TaskBrief, String> code) {
    }

    private final String name;
    private final List<Attempt> attempts;
    private int sent;
    private boolean stopped;

    public ScriptedPolicy(String name, List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a scripted policy needs at least one attempt");
        }
        this.name = name;
        this.attempts = List.copyOf(attempts);
    }

    @Override
    public Optional<Decision> next(Observation last, TaskBrief task) {
        if (stopped || over(last) || (sent > 0 && !failed(last)) || sent >= attempts.size()) {
            stopped = true;
            return Optional.empty();
        }
        Attempt attempt = attempts.get(sent++);
        return Optional.of(new Decision(EXECUTE_CODE, Map.of("code", attempt.code().apply(task))));
    }

    /** The baseline's name, e.g. {@code sklearn}. */
    public String name() {
        return name;
    }

    /** Labels of the attempts sent so far, in order. */
    public List<String> attemptsSent() {
        return attempts.subList(0, sent).stream().map(Attempt::label).toList();
    }

    private static boolean over(Observation last) {
        return last != null && (last.done() || (last.remaining() != null && last.remaining().steps() <= 0));
    }

    private static boolean failed(Observation last) {
        return last != null && "error".equals(last.status());
    }
}
