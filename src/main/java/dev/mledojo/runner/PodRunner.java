package dev.mledojo.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.EpisodeAccess;
import dev.mledojo.agent.SelfDrivenPolicy;
import dev.mledojo.agent.external.ExternalAgentFactory;
import dev.mledojo.agent.external.ExternalProcessPolicy;
import dev.mledojo.agent.baseline.BaselineAgentFactory;
import dev.mledojo.agent.scaffold.ScaffoldAgentFactory;
import dev.mledojo.episode.EpisodeViews;
import dev.mledojo.gym.Observation;
import dev.mledojo.llm.HttpLlmClient;
import dev.mledojo.sandbox.BwrapExecutor;
import dev.mledojo.sandbox.CheckedRun;
import dev.mledojo.sandbox.ExecutionRequest;
import dev.mledojo.sandbox.ExecutionResult;
import dev.mledojo.sandbox.Isolation;
import dev.mledojo.sandbox.SandboxSettings;
import dev.mledojo.sandbox.SyntaxProblem;
import dev.mledojo.sandbox.Workspaces;

/**
 * The {@code runner} role (an episode pod's main container, plain Java without Quarkus and without a database): begins
 * the episode with the pod's UID (a second pod is refused), drives the agent's policy like the platform's local runner
 * does, runs each piece of the agent's code HERE (a child process in its own process group with the task's rlimits;
 * the pod is the sandbox), uploads the submission file the code wrote and reports the step; the platform grades it on
 * the trusted side and answers with the observation. A heartbeat runs alongside. The episode ends when the platform
 * says it is done, the agent stops ({@code end stopped}) or fails ({@code end agent-error}).
 *
 * <p>Exit status: 0 when the episode was ended (by the runner or under it); 1 when the platform could not be reached
 * or refused the runner (the reconciler then decides, with this container's log tail).
 */
public final class PodRunner {

    private final RunnerClient platform;
    private final Settings settings;
    private final BwrapExecutor executor;
    private HttpClient http;
    private RunnerService.Spec spec;
    private Observation observation;
    private int step;
    private volatile boolean over;
    private LocalGym gym;

    /** What the pod spec hands the runner. */
    record Settings(URI platformUrl, String episode, String token, String podUid, Path workspace, Path data, Path python,
            Duration heartbeat, Duration retryFor) {

        static Settings of(Map<String, String> env) throws IOException {
            String token = Files.readString(Path.of(required(env, "DOJO_EPISODE_TOKEN_FILE")), StandardCharsets.UTF_8)
                    .strip();
            return new Settings(URI.create(required(env, "DOJO_PLATFORM_URL")), required(env, "DOJO_EPISODE_ID"), token,
                    required(env, "DOJO_POD_UID"), Path.of(env.getOrDefault("DOJO_WORKSPACE", "/workspace")),
                    Path.of(env.getOrDefault("DOJO_DATA_DIR", "/data")),
                    Path.of(env.getOrDefault("DOJO_PYTHON", SandboxSettings.DEFAULT_PYTHON.toString())),
                    Duration.ofSeconds(Long.parseLong(env.getOrDefault("DOJO_HEARTBEAT_SECONDS", "10"))),
                    Duration.ofSeconds(Long.parseLong(env.getOrDefault("DOJO_RETRY_SECONDS", "900"))));
        }

        private static String required(Map<String, String> env, String name) {
            String v = env.get(name);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(name + " is not set");
            }
            return v;
        }
    }

    PodRunner(RunnerClient platform, Settings settings, BwrapExecutor executor) {
        this.platform = platform;
        this.settings = settings;
        this.executor = executor;
    }

    /** The role's entry point: the environment of the pod spec; returns the exit code. */
    public static int run(Map<String, String> env) {
        Path termination = Path.of(env.getOrDefault("DOJO_TERMINATION_LOG", "/dev/termination-log"));
        Settings settings;
        try {
            settings = Settings.of(env);
        } catch (IOException | RuntimeException e) {
            return failed(termination, "runner: " + e.getMessage());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        RunnerClient client = new RunnerClient(http, settings.platformUrl(), settings.episode(), settings.token(),
                settings.retryFor());
        SandboxSettings sandbox = SandboxSettings.defaults().withIsolation(Isolation.POD).withPython(settings.python());
        try (BwrapExecutor executor = new BwrapExecutor(sandbox)) {
            return new PodRunner(client, settings, executor).drive(http);
        } catch (RuntimeException e) {
            return failed(termination, "runner: " + e.getMessage());
        }
    }

    private static int failed(Path termination, String reason) {
        System.err.println(reason);
        try {
            Files.writeString(termination, reason.length() > 1000 ? reason.substring(0, 1000) : reason,
                    StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException ignored) {
            // no termination log outside a pod: stderr has it
        }
        return 1;
    }

    int drive(HttpClient http) {
        this.http = http;
        RunnerService.Begun begun;
        try {
            begun = platform.begin(settings.podUid());
        } catch (RunnerClient.Refused e) {
            if (e.closed()) {
                System.out.println("runner: episode " + settings.episode() + " is already closed");
                return 0;
            }
            throw e;
        }
        RunnerService.Spec spec = begun.spec();
        System.out.println("runner: episode " + spec.episodeId() + " (task " + spec.task() + " v" + spec.taskVersion()
                + ", agent " + spec.agentKind() + ") begins in pod " + settings.podUid());
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = settings.heartbeat().toMillis();
        beat.scheduleWithFixedDelay(() -> {
            try {
                platform.heartbeat(settings.podUid());
            } catch (RunnerClient.Refused e) {
                if (e.closed()) {
                    over = true; // cancelled or closed under the runner: an agent program is stopped
                }
            } catch (RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    System.err.println("runner: heartbeat failed: " + e.getMessage());
                }
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            AgentPolicy policy;
            try {
                policy = policy(spec, http);
            } catch (RuntimeException e) {
                platform.end(settings.podUid(), "agent-error", e.getMessage());
                return 0;
            }
            return loop(spec, policy, begun.observation());
        } catch (RunnerClient.Refused e) {
            if (e.closed()) {
                System.out.println("runner: the episode was closed under the runner (" + e.getMessage() + ")");
                return 0;
            }
            throw e;
        } finally {
            beat.shutdownNow();
        }
    }

    private int loop(RunnerService.Spec spec, AgentPolicy policy, Observation start) throws RunnerClient.Refused {
        this.spec = spec;
        this.observation = start;
        this.step = spec.stepCount();
        if (policy instanceof SelfDrivenPolicy self) {
            return selfDriven(spec, self);
        }
        for (int turn = step; turn <= spec.maxSteps(); turn++) {
            Optional<AgentPolicy.Decision> decision;
            try {
                decision = policy.next(observation, spec.brief());
            } catch (RuntimeException e) {
                platform.end(settings.podUid(), "agent-error", "the agent failed: " + e);
                return 0;
            }
            if (decision.isEmpty()) {
                break;
            }
            EpisodeViews.StepResponse response = takeStep(decision.get().action(), decision.get().params());
            if (response.done()) {
                System.out.println("runner: the episode is over after step " + step);
                return 0;
            }
        }
        RunnerService.Ended ended = platform.end(settings.podUid(), "stopped", null);
        System.out.println("runner: the agent stopped; the episode is " + ended.state());
        return 0;
    }

    /**
     * Takes the agent's next step: a code action's code runs here first, then the step is reported with the next
     * number. One at a time (an external program's concurrent step gets {@code 409 step-in-progress} from the local
     * Gym API, as from the platform).
     */
    synchronized EpisodeViews.StepResponse takeStep(String action, Map<String, Object> requested) {
        Map<String, Object> params = requested == null ? Map.of() : requested;
        RunnerService.RunReport run = runsCode(action) ? run(spec, action, params, observation) : null;
        int number = step + 1;
        EpisodeViews.StepResponse response;
        try {
            response = platform.step(new RunnerService.StepReport(settings.podUid(), number, action, params, run));
        } catch (RunnerClient.Refused e) {
            if (e.closed()) {
                over = true;
            }
            throw e;
        }
        step = number;
        System.out.println("runner: step " + number + " " + action + " -> "
                + (response.observation() == null ? "?" : response.observation().status()));
        if (response.observation() != null) {
            observation = response.observation();
            if ("reset".equals(action) && "success".equals(observation.status())) {
                try {
                    // the platform reset its copy; this is the real one (emptied at any depth, links never followed)
                    Workspaces.deleteContents(settings.workspace());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot empty the workspace", e);
                }
            }
        }
        if (response.done()) {
            over = true;
        }
        return response;
    }

    /**
     * An external agent program: started in the pod with the local Gym API as its environment (its code runs here,
     * its other calls go to the platform), waited for until it ends, the wall time is over or the episode is; then
     * the episode is ended as the local runner would.
     */
    private int selfDriven(RunnerService.Spec spec, SelfDrivenPolicy policy) {
        SelfDrivenPolicy.Exit exit;
        try {
            exit = policy.drive(Duration.ofSeconds(spec.wallTimeSeconds()), () -> !over);
        } catch (IllegalArgumentException e) {
            platform.end(settings.podUid(), "agent-error", e.getMessage());
            return 0;
        } finally {
            gym.close();
        }
        if (exit.stopped() || over) {
            return 0;
        }
        if (!exit.timedOut() && exit.code() != 0) {
            platform.end(settings.podUid(), "agent-error", "the agent program exited with code " + exit.code()
                    + (exit.logTail().isBlank() ? "" : "; its output ends with: " + exit.logTail()));
        } else {
            RunnerService.Ended ended = platform.end(settings.podUid(), "stopped", null);
            System.out.println("runner: the agent program ended; the episode is " + ended.state());
        }
        return 0;
    }

    private static boolean runsCode(String action) {
        return "execute_code".equals(action) || "validate_code".equals(action);
    }

    /** The agent of the episode, built here; its model calls go through the platform's gateway with the token. */
    private AgentPolicy policy(RunnerService.Spec spec, HttpClient http) {
        Map<String, Object> config = spec.agentConfig() == null ? Map.of() : spec.agentConfig();
        return switch (spec.agentKind()) {
            case BaselineAgentFactory.KIND -> new BaselineAgentFactory().create(config);
            case ScaffoldAgentFactory.KIND -> ScaffoldAgentFactory.policy(new HttpLlmClient(http, settings.platformUrl(),
                    settings.token(), RunnerClient.JSON), RunnerClient.JSON, config);
            case ExternalAgentFactory.KIND -> {
                List<String> command = ExternalAgentFactory.commandOf(config);
                gym = LocalGym.start(this, settings, http);
                yield ExternalProcessPolicy.of(command, new EpisodeAccess(spec.episodeId(), settings.token(), gym.url()));
            }
            default -> throw new IllegalArgumentException("agents of kind '" + spec.agentKind() + "' cannot run here");
        };
    }

    /**
     * Runs a code action's code here: compiled and run in one interpreter with the episode's limits (the wall time capped by
     * what is left of the episode's), and uploads the submission file an {@code execute_code} run wrote.
     */
    RunnerService.RunReport run(RunnerService.Spec spec, String action, Map<String, Object> params, Observation last) {
        if (!(params.get("code") instanceof String code) || params.size() > 1) {
            // no code, or a param the code actions do not take: the platform answers with the params error; nothing ran
            return new RunnerService.RunReport(null, "sandbox_error", -1, "", "not run: no code, or a param other than code",
                    false, 0L, null, null, false);
        }
        Path submission = settings.workspace().resolve(spec.brief().submissionFile());
        try {
            Workspaces.delete(submission); // also a directory the agent made there (a link, never its target), any depth
        } catch (IOException e) {
            return new RunnerService.RunReport(null, "sandbox_error", -1, "", "cannot clear " + submission + ": " + e,
                    false, 0L, null, null, false);
        }
        Duration remaining = last.remaining() == null ? null : Duration.ofSeconds(last.remaining().wallTimeSeconds());
        CheckedRun checked = executor.checkAndRun(new ExecutionRequest(code, settings.workspace(),
                Files.isDirectory(settings.data()) ? settings.data() : null, spec.limits().toSandboxLimits(remaining)));
        if (checked.syntax() != null) {
            SyntaxProblem p = checked.syntax();
            return new RunnerService.RunReport(new RunnerService.SyntaxReport(p.line(), p.column(), p.message(), p.text()),
                    null, null, null, null, false, null, null, null, false);
        }
        ExecutionResult r = checked.result();
        boolean wrote = Files.isRegularFile(submission, LinkOption.NOFOLLOW_LINKS);
        String sha256 = null;
        if (wrote && "execute_code".equals(action) && r.succeeded()) {
            sha256 = platform.upload(submission);
        }
        if ("validate_code".equals(action)) {
            try {
                Files.deleteIfExists(submission);
            } catch (IOException e) {
                // the next run clears it
            }
        }
        return new RunnerService.RunReport(null, r.outcome().name().toLowerCase(java.util.Locale.ROOT), r.exitCode(),
                r.stdout(), r.stderr(), r.outputTruncated(), r.wallTime().toMillis(), r.limitHit(), sha256, wrote);
    }

    /** For logs: never the token. */
    @Override
    public String toString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("episode", settings.episode());
        m.put("pod", settings.podUid());
        return "PodRunner" + m;
    }
}
