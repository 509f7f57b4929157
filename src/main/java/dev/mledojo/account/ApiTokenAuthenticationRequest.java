package dev.mledojo.account;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A personal API token presented on a request. */
public class ApiTokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return "ApiTokenAuthenticationRequest[token=<redacted>]";
    }
}
