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
 * On the first start of a platform, submits the demo agents (as the built-in {@code demo} user, public) on the
 * practice tasks: the three baselines and both LLM scaffolds (linear and tree search) on a recorded model, so that the
 * leaderboard shows real results within minutes. {@code dojo.demo.enabled=false}
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

    /**
     * Creates the demo agents that do not exist yet, each with its submission on the practice tasks; returns how many
     * it created (a platform seeded before the scaffolds were part of the demo gets them on its next start).
     */
    public int seed() {
        java.util.Optional<String> why = sandbox.cannotRunCode();
        if (why.isPresent()) {
            Log.warnf("demo: no baseline submissions, agent code cannot run here: %s", why.get());
            return 0;
        }
        List<DemoAgent> missing = QuarkusTransaction.requiringNew().call(() -> demoAgents().stream()
                .filter(a -> Agent.find(OWNER, a.name()).isEmpty()).toList());
        if (missing.isEmpty()) {
            return 0;
        }
        // one transaction: a platform stopped while seeding leaves all or nothing, and its next start seeds again
        int created = QuarkusTransaction.requiringNew().call(() -> {
            int n = 0;
            for (DemoAgent a : missing) {
                agents.create(OWNER, new AgentService.CreateRequest(a.name(), a.kind(), "public", a.description(),
                        a.config()));
                submissions.create(OWNER, "demo-" + a.name(), new SubmissionService.CreateRequest(a.name(), null,
                        new SubmissionService.Suite(null, "practice", null), 1, new SubmissionService.Budget(5, null)));
                n++;
            }
            return n;
        });
        Log.infof("demo: %d agents submitted on the practice tasks; see /leaderboard", created);
        return created;
    }

    /** One agent of the demo. */
    record DemoAgent(String name, String kind, String description, Map<String, Object> config) {
    }

    /**
     * The demo's agents: the three baselines, and both LLM scaffolds on the same recorded model (provider
     * {@code replay}, no network, no key), so that the board compares the linear loop with the tree search.
     */
    static List<DemoAgent> demoAgents() {
        List<DemoAgent> out = new java.util.ArrayList<>();
        for (String baseline : BASELINES) {
            out.add(new DemoAgent("baseline-" + baseline.replace('_', '-'), "baseline", "Built-in baseline: "
                    + baseline.replace('_', ' ') + " (no LLM).", Map.of("baseline", baseline)));
        }
        out.add(new DemoAgent("scaffold-linear-replay", "scaffold", "Built-in linear LLM scaffold (one conversation "
                + "choosing actions) replaying a recorded model.", recorded(Map.of("scaffold", "linear"), List.of(
                        answer("{\"action\": \"request_info\", \"params\": {\"info_type\": \"data_structure\"}}", 900, 30),
                        answer("{\"action\": \"execute_code\", \"params\": {\"code\": \"" + json(DemoPrograms.MEAN_OR_MODE)
                                + "\"}}", 1400, 160),
                        answer("{\"action\": \"done\"}", 2100, 8)))));
        out.add(new DemoAgent("scaffold-tree-replay", "scaffold", "Built-in tree-search LLM scaffold (drafts, debugs, "
                + "improves the best) replaying a recorded model.", recorded(Map.of("scaffold", "tree", "drafts", 2,
                        "max_debug_depth", 1, "debug_probability", 1.0), List.of(
                                answer(program("Start from the sample submission to get a valid baseline.",
                                        DemoPrograms.SAMPLE), 1100, 60),
                                answer(program("Predict the mean label of the training data.", DemoPrograms.BUGGY), 1150,
                                        90),
                                answer(program("The label column is not called 'target': take the target columns from "
                                        + "the sample submission; mean for numbers, most frequent value otherwise.",
                                        DemoPrograms.MEAN_OR_MODE), 1500, 170),
                                answer(program("Use the median for numeric targets: robust to outliers.",
                                        DemoPrograms.MEDIAN_OR_MODE), 1600, 170)))));
        return out;
    }

    /** The recorded model's programs: task-agnostic, so that one recording runs on every practice task. */
    static final class DemoPrograms {
        static final String SAMPLE = "import shutil\nshutil.copy('/data/sample_submission.csv', "
                + "'/workspace/submission.csv')\n";
        static final String BUGGY = "import pandas as pd\ntrain = pd.read_csv('/data/train.csv')\n"
                + "print(train['target'].mean())\n";
        static final String MEAN_OR_MODE = constant("v.mean()");
        static final String MEDIAN_OR_MODE = constant("v.median()");

        private static String constant(String numeric) {
            return "import pandas as pd\ntrain = pd.read_csv('/data/train.csv')\n"
                    + "s = pd.read_csv('/data/sample_submission.csv')\nfor c in s.columns[1:]:\n    v = train[c]\n"
                    + "    s[c] = " + numeric + " if pd.api.types.is_numeric_dtype(v) else v.mode()[0]\n"
                    + "s.to_csv('/workspace/submission.csv', index=False)\n";
        }

        private DemoPrograms() {
        }
    }

    private static Map<String, Object> recorded(Map<String, Object> scaffold, List<Map<String, Object>> replay) {
        Map<String, Object> config = new java.util.LinkedHashMap<>(scaffold);
        config.put("provider", "replay");
        config.put("model", "recorded-demo-model");
        config.put("replay", replay);
        return config;
    }

    private static Map<String, Object> answer(String content, int promptTokens, int completionTokens) {
        return Map.of("content", content, "prompt_tokens", promptTokens, "completion_tokens", completionTokens);
    }

    private static String program(String plan, String code) {
        return plan + "\n\n```python\n" + code + "```\n";
    }

    private static String json(String text) {
        return new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
