package dev.mledojo.episode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.mledojo.agent.AgentFactory;
import dev.mledojo.agent.AgentPolicy;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.gym.Observation;
import dev.mledojo.scheduling.SchedulingConfig;
import dev.mledojo.task.TaskDefinition;
import dev.mledojo.task.TaskVersion;
import dev.mledojo.web.ApiException;
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
    private final SchedulingConfig scheduling;

    public EpisodeRunner(EpisodeService episodes, Instance<AgentFactory> factories, SchedulingConfig scheduling) {
        this.episodes = episodes;
        this.factories = factories;
        this.scheduling = scheduling;
    }

    /** What the runner reads about an admitted episode. */
    record Plan(String owner, String kind, Map<String, Object> config, AgentPolicy.TaskBrief brief) {
    }

    public void run(String id) {
        Plan plan;
        AgentPolicy policy;
        try {
            plan = plan(id);
            AgentFactory factory = factories.stream().filter(f -> f.kind().equals(plan.kind())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no agent of kind '" + plan.kind() + "' can run here"));
            policy = factory.create(plan.config());
        } catch (IllegalArgumentException e) {
            episodes.fail(id, FailureReason.AGENT_ERROR, e.getMessage());
            return;
        } catch (RuntimeException e) {
            infraFailure(id, e);
            return;
        }
        EpisodeService.Caller caller = new EpisodeService.Caller(plan.owner(), false, 0);
        try {
            Observation observation = episodes.begin(id);
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
            episodes.close(caller, id);
        } catch (ApiException e) {
            if (e.status() == 409 && "episode-closed".equals(e.type())) {
                return; // cancelled while running
            }
            infraFailure(id, e);
        } catch (RuntimeException e) {
            infraFailure(id, e);
        }
    }

    private static Plan plan(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(id);
            AgentVersion v = AgentVersion.findById(e.agentVersionId);
            TaskVersion t = TaskVersion.findById(e.taskVersionId);
            TaskDefinition d = t.definition;
            return new Plan(e.owner, v.agent.kind, v.config, new AgentPolicy.TaskBrief(d.id(), d.title(),
                    d.domain().wireName(), d.metricId(), d.higherIsBetter(), d.idColumn(), List.copyOf(d.targetColumns()),
                    d.submissionFile(), e.maxSteps));
        });
    }

    /** The platform failed: the episode ends with INFRA_ERROR and, unless it already failed too often, is retried. */
    void infraFailure(String id, Exception cause) {
        Log.errorf(cause, "episode %s failed for an infrastructure reason", id);
        QuarkusTransaction.requiringNew().run(() -> {
            Episode e = Episode.findById(id);
            if (e.state.closed()) {
                return;
            }
            e.fail(FailureReason.INFRA_ERROR, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            if (e.attempt < scheduling.maxAttempts()) {
                e.retry().persist();
            }
        });
    }
}
