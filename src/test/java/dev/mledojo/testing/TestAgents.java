package dev.mledojo.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mledojo.agent.Agent;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.scheduling.Submission;

/** Agents for tests that write their episodes by hand (boards, datasets, benchmarks). */
public final class TestAgents {

    private TestAgents() {
    }

    /** What {@link #withSubmission} wrote. */
    public record Made(AgentVersion version, Submission submission) {
    }

    /**
     * A baseline agent (constant predictions) of {@code owner} with its first version and one submission of that
     * version on {@code suite}; to be called inside a transaction, whose caller then writes the episodes.
     */
    public static Made withSubmission(String owner, String name, boolean visible, List<String> suite, int seeds,
            int maxSteps, String state) {
        Agent a = new Agent();
        a.owner = owner;
        a.name = name;
        a.kind = "baseline";
        a.visibility = visible ? "public" : "private";
        a.createdAt = Instant.now();
        a.persist();
        AgentVersion v = a.addVersion(Map.of("baseline", "constant"));
        Submission s = new Submission();
        s.owner = owner;
        s.agentVersion = v;
        s.suite = List.copyOf(suite);
        s.seeds = seeds;
        s.maxSteps = maxSteps;
        s.state = state;
        s.createdAt = Instant.now();
        s.persist();
        return new Made(v, s);
    }
}
