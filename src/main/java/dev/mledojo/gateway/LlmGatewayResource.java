package dev.mledojo.gateway;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.episode.EpisodeTokenIdentityProvider;
import dev.mledojo.llm.ChatCompletions;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The OpenAI-compatible LLM gateway of a running episode: an agent sets its client's base URL to
 * {@code <platform>/api/v1/llm/v1} and its API key to the episode token.
 */
@Path("/api/v1/llm/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "LLM gateway")
public class LlmGatewayResource {

    private final LlmGateway gateway;
    private final SecurityIdentity identity;

    public LlmGatewayResource(LlmGateway gateway, SecurityIdentity identity) {
        this.gateway = gateway;
        this.identity = identity;
    }

    @POST
    @Path("/chat/completions")
    @RolesAllowed(EpisodeTokenIdentityProvider.ROLE)
    @Operation(summary = "Chat completion for the episode of the token", description = "OpenAI-compatible: {model, "
            + "messages: [{role, content}], temperature?, max_tokens?} → {choices: [{message}], usage: {prompt_tokens, "
            + "completion_tokens, total_tokens}, cost}. Authenticated by the episode token only (Bearer mle_ep_...). "
            + "The agent version's configured model answers; past the token/cost budget: 429 llm-budget-exhausted.")
    public ChatCompletions.Response complete(ChatCompletions.Request request) {
        String episodeId = identity.getAttribute(EpisodeTokenIdentityProvider.EPISODE_ID);
        return gateway.complete(episodeId, request);
    }
}
