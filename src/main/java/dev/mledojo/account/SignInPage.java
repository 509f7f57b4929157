package dev.mledojo.account;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * The layout's "Sign in" link. A path rule (application.properties, {@code quarkus.http.auth.permission.signin})
 * requires a signed-in user here and picks the mode's page mechanism: the sign-in form of the built-in accounts, or the
 * OIDC authorization-code flow (a redirect to Keycloak). Once signed in, the user lands on the catalogue.
 */
@Path("/signin")
public class SignInPage {

    @GET
    @PermitAll // the path rule above does the authentication; the annotation satisfies deny-unannotated-endpoints
    public Response signIn() {
        return Response.seeOther(URI.create("/tasks")).build();
    }
}
