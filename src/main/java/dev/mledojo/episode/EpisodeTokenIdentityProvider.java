package dev.mledojo.episode;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mledojo.account.AccountService;
import dev.mledojo.account.UserAccount;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns an episode token into the identity of the episode's owner with the single role {@link #ROLE} and the episode's
 * id as an attribute: it may use that episode and the LLM gateway for it, nothing else; a closed episode's token fails.
 */
@ApplicationScoped
public class EpisodeTokenIdentityProvider implements IdentityProvider<EpisodeTokenAuthenticationRequest> {

    /** The only role an episode token carries (never the owner's submitter or admin roles). */
    public static final String ROLE = "episode-agent";

    /** Identity attribute: the id of the episode the token belongs to. */
    public static final String EPISODE_ID = dev.mledojo.account.Requester.EPISODE_SCOPE;

    @Override
    public Class<EpisodeTokenAuthenticationRequest> getRequestType() {
        return EpisodeTokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(EpisodeTokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> QuarkusTransaction.requiringNew().call(() -> {
            Episode episode = Episode.byToken(request.token())
                    .orElseThrow(() -> new AuthenticationFailedException("unknown episode token, or its episode has ended"));
            UserAccount owner = UserAccount.byName(episode.owner)
                    .orElseThrow(() -> new AuthenticationFailedException("the episode's owner is unknown"));
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(episode.owner))
                    .addRole(ROLE)
                    .addAttribute(AccountService.USER_ID, owner.id)
                    .addAttribute(EPISODE_ID, episode.id)
                    .build();
        }));
    }
}
