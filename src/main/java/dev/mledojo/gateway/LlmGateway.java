package dev.mledojo.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.agent.AgentVersion;
import dev.mledojo.episode.AgentMessage;
import dev.mledojo.episode.Episode;
import dev.mledojo.error.DomainException;
import dev.mledojo.llm.ChatCompletions;
import dev.mledojo.llm.EpisodeLlm;
import dev.mledojo.llm.LlmClient;
import dev.mledojo.llm.LlmProvider;
import dev.mledojo.llm.LlmProviders;
import dev.mledojo.llm.LlmSettings;
import dev.mledojo.secret.SecretStore;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The LLM gateway (DESIGN §9): forwards an episode's chat call to the provider of its agent version (keys stay on the
 * platform) and meters tokens and cost. The episode decides whether its budget allows the call and records the
 * conversation ({@link Episode#requireLlmBudget}, {@link Episode#recordConversation}).
 */
@ApplicationScoped
public class LlmGateway implements EpisodeLlm {

    private final LlmProviders providers;
    private final SecretStore secrets;

    public LlmGateway(LlmProviders providers, SecretStore secrets) {
        this.providers = providers;
        this.secrets = secrets;
    }

    @Override
    public LlmClient forEpisode(String episodeId) {
        return new GatewayLlmClient(this, episodeId);
    }

    /** What a call needs from the database, read in one short transaction. */
    private record Prepared(Map<String, Object> config, Optional<String> secretName, int calls) {
    }

    public ChatCompletions.Response complete(String episodeId, ChatCompletions.Request request) {
        if (request == null || request.messages() == null || request.messages().isEmpty()
                || request.messages().stream().anyMatch(m -> m == null || m.role() == null || m.content() == null)) {
            throw DomainException.invalid("invalid-llm-request", "Send {\"model\": ..., \"messages\": [{\"role\": ..., "
                    + "\"content\": ...}, ...]} with at least one message.");
        }
        Prepared prepared = QuarkusTransaction.requiringNew().call(() -> {
            Episode e = Episode.running(episodeId);
            AgentVersion v = e.agentVersionId == null ? null : AgentVersion.findById(e.agentVersionId);
            if (v == null || !LlmSettings.present(v.config)) {
                throw DomainException.conflict("no-llm-provider", "This episode's agent has no model provider configured.");
            }
            AgentMessage.Usage usage = e.requireLlmBudget();
            Optional<String> secret = v.config.containsKey(LlmSettings.API_KEY_SECRET)
                    ? Optional.of(AgentVersion.apiKeySecretName(v.agent.id, v.number)) : Optional.empty();
            return new Prepared(v.config, secret, usage.calls());
        });
        LlmSettings settings = LlmSettings.of(prepared.config());
        LlmProvider provider = providers.provider(settings.provider());
        ChatCompletions.Request effective = new ChatCompletions.Request(settings.model(), request.messages(),
                request.temperature() != null ? request.temperature() : settings.temperature(),
                request.maxTokens() != null ? request.maxTokens() : settings.maxTokens());
        Optional<String> key = prepared.secretName().flatMap(secrets::get);
        LlmProvider.Answer answer = provider.complete(new LlmProvider.Call(prepared.config(), settings.model(), effective,
                prepared.calls(), key));
        double cost = settings.cost(answer.promptTokens(), answer.completionTokens());
        int turn = prepared.calls() + 1;
        List<AgentMessage.Line> sent = request.messages().stream()
                .map(m -> new AgentMessage.Line(m.role(), m.content())).toList();
        QuarkusTransaction.requiringNew().run(() -> Episode.<Episode>findById(episodeId).recordConversation(turn, sent,
                new AgentMessage.Reply(answer.content(), answer.promptTokens(), answer.completionTokens(), cost)));
        return new ChatCompletions.Response("chatcmpl-" + UUID.randomUUID(), "chat.completion",
                Instant.now().getEpochSecond(), settings.model(),
                List.of(new ChatCompletions.Choice(0, new ChatCompletions.Message("assistant", answer.content()),
                        answer.finishReason())),
                new ChatCompletions.Usage(answer.promptTokens(), answer.completionTokens(),
                        answer.promptTokens() + answer.completionTokens()), cost);
    }
}
