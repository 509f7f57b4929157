package dev.mledojo.episode;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An episode token ({@code mle_ep_...}) presented on a request. */
public class EpisodeTokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public EpisodeTokenAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return "EpisodeTokenAuthenticationRequest[token=<redacted>]";
    }
}
