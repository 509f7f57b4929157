package dev.mledojo.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.mledojo.account.Requester;
import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.agent.EpisodeAccess;
import dev.mledojo.agent.PlatformUrl;
import dev.mledojo.agent.SelfDrivenPolicy;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeService;
import dev.mledojo.episode.EpisodeViews;
import dev.mledojo.episode.FailureReason;
import dev.mledojo.error.DomainException;
import dev.mledojo.gym.Observation;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskVersion;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Drives one admitted episode: the agent's policy chooses actions, the environment performs them through the same
 * {@link EpisodeService#step} an external agent reaches over HTTP, and the episode is closed with its result. Agent
 * faults fail the episode ({@code AGENT_ERROR}); platform faults fail it with {@code INFRA_ERROR} and queue a retry.
 */
@ApplicationScoped
public class EpisodeRunner {

    private final EpisodeService episodes;
    private final Instance<AgentFactory> factories;
    private final EpisodeRecovery recovery;
    private final PlatformUrl platformUrl;

    public EpisodeRunner(EpisodeService episodes, Instance<AgentFactory> factories, EpisodeRecovery recovery,
            PlatformUrl platformUrl) {
        this.episodes = episodes;
        this.factories = factories;
        this.recovery = recovery;
        this.platformUrl = platformUrl;
    }

    /** What the runner reads about an admitted episode. */
    record Plan(String owner, String kind, Map<String, Object> config, AgentPolicy.TaskBrief brief, int wallTimeSeconds) {
    }

    public void run(String id) {
        Plan plan;
        AgentPolicy policy;
        try {
            plan = plan(id);
            AgentFactory factory = factories.stream().filter(f -> f.kind().equals(plan.kind())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no agent of kind '" + plan.kind() + "' can run here"));
            // the episode token: minted now (stored hashed), valid once the episode runs and until it is closed
            EpisodeAccess access = new EpisodeAccess(id, episodes.issueToken(id), platformUrl.get());
            policy = factory.create(plan.config(), access);
        } catch (IllegalArgumentException e) {
            episodes.fail(id, FailureReason.AGENT_ERROR, e.getMessage());
            return;
        } catch (RuntimeException e) {
            infraFailure(id, e);
            return;
        }
        Requester caller = new Requester(plan.owner(), false, 0);
        try {
            Observation observation = episodes.begin(id);
            if (policy instanceof SelfDrivenPolicy self) {
                runSelfDriven(id, self, plan);
                return;
            }
            for (int turn = 0; turn <= plan.brief().maxSteps(); turn++) {
                Optional<AgentPolicy.Decision> decision;
                try {
                    decision = policy.next(observation, plan.brief());
                } catch (RuntimeException e) {
                    episodes.fail(id, FailureReason.AGENT_ERROR, "the agent failed: " + e);
                    return;
                }
                if (decision.isEmpty()) {
                    break;
                }
                EpisodeViews.StepResponse response = episodes.step(caller, id,
                        new EpisodeViews.StepRequest(decision.get().action(), decision.get().params()));
                if (response.done()) {
                    return; // the budget ended the episode; its result is computed
                }
                observation = response.observation();
            }
            String exhausted = episodes.exhausted(id);
            if (exhausted != null) {
                episodes.finish(id, exhausted); // e.g. the LLM token or cost budget stopped the agent
            } else {
                episodes.close(caller, id);
            }
        } catch (DomainException.Conflict e) {
            if (Episode.CLOSED.equals(e.slug())) {
                return; // cancelled, or recovered by another instance after a lost lease
            }
            infraFailure(id, e);
        } catch (RuntimeException e) {
            infraFailure(id, e);
        }
    }

    /** An agent that acts on its own (an external program): wait for it, then close the episode. */
    private void runSelfDriven(String id, SelfDrivenPolicy policy, Plan plan) {
        SelfDrivenPolicy.Exit exit;
        try {
            exit = policy.drive(Duration.ofSeconds(plan.wallTimeSeconds()), () -> open(id));
        } catch (IllegalArgumentException e) {
            episodes.fail(id, FailureReason.AGENT_ERROR, e.getMessage());
            return;
        }
        if (exit.stopped()) {
            return; // cancelled or closed under it
        }
        if (exit.timedOut()) {
            episodes.finish(id, "wall-time budget exhausted (" + plan.wallTimeSeconds() + " s)");
        } else if (exit.code() != 0) {
            episodes.fail(id, FailureReason.AGENT_ERROR, "the agent program exited with code " + exit.code()
                    + (exit.logTail().isBlank() ? "" : "; its output ends with: " + exit.logTail()));
        } else {
            String exhausted = episodes.exhausted(id);
            episodes.finish(id, exhausted != null ? exhausted : "the agent program ended");
        }
    }

    private static boolean open(String id) {
        return QuarkusTransaction.requiringNew().call(() -> !Episode.<Episode>findById(id).state.closed());
    }

    private static Plan plan(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(id);
            AgentVersion v = AgentVersion.findById(e.agentVersionId);
            TaskVersion t = TaskVersion.findById(e.taskVersionId);
            TaskDefinition d = t.definition;
            return new Plan(e.owner, v.agent.kind, v.config, new AgentPolicy.TaskBrief(d.id(), d.title(),
                    d.domain().wireName(), d.metricId(), d.higherIsBetter(), d.idColumnsLabel(), List.copyOf(d.targetColumns()),
                    d.submissionFile(), e.maxSteps), e.wallTimeSeconds);
        });
    }

    /** The platform failed: the episode ends with INFRA_ERROR and, unless it already failed too often, is retried. */
    private void infraFailure(String id, Exception cause) {
        Log.errorf(cause, "episode %s failed for an infrastructure reason", id);
        QuarkusTransaction.requiringNew().run(() -> {
            Episode e = Episode.findById(id);
            if (e.state.closed()) {
                return;
            }
            recovery.failForInfrastructure(e, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        });
    }
}
