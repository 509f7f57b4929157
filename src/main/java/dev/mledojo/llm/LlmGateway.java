package dev.mledojo.llm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.mledojo.admin.SecretStore;
import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.AgentMessage;
import dev.mledojo.episode.Episode;
import dev.mledojo.episode.EpisodeState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The LLM gateway (DESIGN §9): forwards an episode's chat call to the provider of its agent version (keys stay on the
 * platform), meters tokens and cost, refuses calls once the episode's token or cost budget is used up, and appends
 * the messages it saw and the answer as {@link AgentMessage} rows.
 */
@ApplicationScoped
public class LlmGateway {

    private final Instance<LlmProvider> providers;
    private final SecretStore secrets;

    public LlmGateway(Instance<LlmProvider> providers, SecretStore secrets) {
        this.providers = providers;
        this.secrets = secrets;
    }

    /** The secret-store name of an agent version's API key (derived, so that a config cannot point at other secrets). */
    public static String apiKeySecretName(long agentId, int versionNumber) {
        return "agent." + agentId + ".v" + versionNumber + ".api-key";
    }

    /** Checks the model settings of a config at registration. */
    public void validate(Map<String, Object> config) {
        LlmSettings settings = LlmSettings.of(config);
        provider(settings.provider()).validate(config);
    }

    private LlmProvider provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + name + "'; known providers: "
                        + providers.stream().map(LlmProvider::name).sorted().toList()));
    }

    /** What a call needs from the database, read in one short transaction. */
    private record Prepared(Map<String, Object> config, Optional<String> secretName, int calls) {
    }

    public ChatCompletions.Response complete(String episodeId, ChatCompletions.Request request) {
        if (request == null || request.messages() == null || request.messages().isEmpty()
                || request.messages().stream().anyMatch(m -> m == null || m.role() == null || m.content() == null)) {
            throw new LlmException(400, "invalid-llm-request", "Send {\"model\": ..., \"messages\": [{\"role\": ..., "
                    + "\"content\": ...}, ...]} with at least one message.");
        }
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.findById(episodeId);
            if (e == null || e.state != EpisodeState.RUNNING) {
                throw new LlmException(409, "episode-closed", "Episode " + episodeId + " is not running.");
            }
            AgentVersion v = e.agentVersionId == null ? null : AgentVersion.findById(e.agentVersionId);
            if (v == null || !LlmSettings.present(v.config)) {
                throw new LlmException(409, "no-llm-provider", "This episode's agent has no model provider configured.");
            }
            AgentMessage.Usage usage = AgentMessage.usage(episodeId);
            String exhausted = e.exhaustedLlmBudget(usage);
            if (exhausted != null) {
                throw new LlmException(429, "llm-budget-exhausted", "The episode's " + exhausted + ".");
            }
            Optional<String> secret = v.config.containsKey(LlmSettings.API_KEY_SECRET)
                    ? Optional.of(apiKeySecretName(v.agent.id, v.number)) : Optional.empty();
            return new Prepared(v.config, secret, usage.calls());
        });
        LlmSettings settings = LlmSettings.of(prepared.config());
        LlmProvider provider = provider(settings.provider());
        ChatCompletions.Request effective = new ChatCompletions.Request(settings.model(), request.messages(),
                request.temperature() != null ? request.temperature() : settings.temperature(),
                request.maxTokens() != null ? request.maxTokens() : settings.maxTokens());
        Optional<String> key = prepared.secretName().flatMap(secrets::get);
        LlmProvider.Answer answer = provider.complete(new LlmProvider.Call(prepared.config(), settings.model(), effective,
                prepared.calls(), key));
        double cost = settings.cost(answer.promptTokens(), answer.completionTokens());
        int turn = prepared.calls() + 1;
        QuarkusTransaction.requiringNew().run(() -> record(episodeId, turn, request.messages(), answer, cost));
        return new ChatCompletions.Response("chatcmpl-" + UUID.randomUUID(), "chat.completion",
                Instant.now().getEpochSecond(), settings.model(),
                List.of(new ChatCompletions.Choice(0, new ChatCompletions.Message("assistant", answer.content()),
                        answer.finishReason())),
                new ChatCompletions.Usage(answer.promptTokens(), answer.completionTokens(),
                        answer.promptTokens() + answer.completionTokens()), cost);
    }

    /**
     * Appends the call's new messages (those after the last assistant message of the request: the earlier ones were
     * recorded by earlier calls, or were rewritten by the agent's own summarising) and the answer with its usage.
     */
    private static void record(String episodeId, int turn, List<ChatCompletions.Message> messages,
            LlmProvider.Answer answer, double cost) {
        int from = 0;
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("assistant".equals(messages.get(i).role())) {
                from = i + 1;
                break;
            }
        }
        Instant now = Instant.now();
        List<AgentMessage> rows = new ArrayList<>();
        for (ChatCompletions.Message m : messages.subList(from, messages.size())) {
            rows.add(message(episodeId, turn, m.role(), m.content(), now));
        }
        AgentMessage reply = message(episodeId, turn, "assistant", answer.content(), now);
        reply.promptTokens = answer.promptTokens();
        reply.completionTokens = answer.completionTokens();
        reply.cost = cost;
        rows.add(reply);
        rows.forEach(r -> r.persist());
    }

    private static AgentMessage message(String episodeId, int turn, String role, String content, Instant at) {
        AgentMessage m = new AgentMessage();
        m.episodeId = episodeId;
        m.turn = turn;
        m.role = role.length() > 20 ? role.substring(0, 20) : role;
        m.content = content;
        m.createdAt = at;
        return m;
    }
}
