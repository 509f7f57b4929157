package dev.mledojo.scheduling;

import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.mledojo.agent.Agent;
import dev.mledojo.agent.AgentService;
import dev.mledojo.scheduling.SubmissionService;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * On the first start of a platform, submits the three baseline agents (as the built-in {@code demo} user, public)
 * on the practice tasks, so that the leaderboard shows real results within minutes. {@code dojo.demo.enabled=false}
 * turns it off. It runs after startup on a worker thread (the platform is ready before the demo is seeded).
 */
@ApplicationScoped
public class DemoSeeder {

    static final String OWNER = "demo";
    static final List<String> BASELINES = List.of("sample_submission", "constant", "sklearn");

    /** The demo switch. */
    @ConfigMapping(prefix = "dojo.demo")
    public interface DemoConfig {
        @WithDefault("true")
        boolean enabled();
    }

    private final DemoConfig config;
    private final AgentService agents;
    private final SubmissionService submissions;
    private final SandboxStatus sandbox;

    public DemoSeeder(DemoConfig config, AgentService agents, SubmissionService submissions, SandboxStatus sandbox) {
        this.config = config;
        this.agents = agents;
        this.submissions = submissions;
        this.sandbox = sandbox;
    }

    void onStart(@Observes @Priority(3000) StartupEvent event) {
        if (config.enabled()) {
            // after startup, on a worker thread: the demo's agents and submissions are no part of being ready (tasks
            // are), and creating them took about a second of a first start's critical path
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    seed();
                } catch (RuntimeException e) {
                    Log.warnf("the demo submissions could not be created: %s", e.getMessage());
                }
            });
        }
    }

    /** Creates the demo agents and submissions unless they exist; returns how many submissions it created. */
    public int seed() {
        java.util.Optional<String> why = sandbox.cannotRunCode();
        if (why.isPresent()) {
            Log.warnf("demo: no baseline submissions, agent code cannot run here: %s", why.get());
            return 0;
        }
        boolean seeded = QuarkusTransaction.requiringNew().call(() -> Agent.find(OWNER, "baseline-sklearn").isPresent());
        if (seeded) {
            return 0;
        }
        // one transaction: a platform stopped while seeding leaves all or nothing, and its next start seeds again
        int created = QuarkusTransaction.requiringNew().call(() -> {
            int n = 0;
            for (String baseline : BASELINES) {
                String name = "baseline-" + baseline.replace('_', '-');
                agents.create(OWNER, new AgentService.CreateRequest(name, "baseline", "public",
                        "Built-in baseline: " + baseline.replace('_', ' ') + " (no LLM).", Map.of("baseline", baseline)));
                submissions.create(OWNER, "demo-" + name, new SubmissionService.CreateRequest(name, null,
                        new SubmissionService.Suite(null, "practice", null), 1, new SubmissionService.Budget(5, null)));
                n++;
            }
            return n;
        });
        Log.infof("demo: %d baseline agents submitted on the practice tasks; see /leaderboard", created);
        return created;
    }
}
