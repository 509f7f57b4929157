package dev.mledojo.account;

import java.net.URI;
import java.time.Instant;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/** The sign-in form of the built-in accounts (form authentication posts to {@code /j_security_check}) and sign-out. */
@Path("/")
public class AccountPage {

    private final AuthMode authMode;
    private final SecurityIdentity identity;
    private final SignInSessions sessions;

    public AccountPage(AuthMode authMode, SecurityIdentity identity, SignInSessions sessions) {
        this.authMode = authMode;
        this.identity = identity;
        this.sessions = sessions;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean error, Long retryAfterMinutes);
    }

    @GET
    @Path("login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Object login(@QueryParam("error") String error, @QueryParam("retry-after") String retryAfter) {
        if (authMode.oidc()) {
            return Response.seeOther(URI.create("/signin")).build(); // the built-in form is refused in OIDC mode
        }
        // a sign-in refused by the throttle (ThrottledPasswords) comes back here with the wait in seconds
        Long minutes = retryAfter == null || !retryAfter.matches("[0-9]{1,9}") || Long.parseLong(retryAfter) == 0 ? null
                : Math.max(1, (Long.parseLong(retryAfter) + 59) / 60);
        return Templates.login(error != null, minutes);
    }

    /**
     * Sign-out: clears the cookie and ends the user's sign-in sessions on the server (every replica refuses a copy of
     * the cookie from now on, see {@link FormSessionCheck}). The layout's "Sign out" link.
     */
    @GET
    @Path("logout")
    @PermitAll
    public Response logout() {
        if (!authMode.oidc() && !identity.isAnonymous()) {
            sessions.endAll(identity.getPrincipal().getName(), Instant.now());
        }
        NewCookie expired = new NewCookie.Builder("quarkus-credential").path("/").maxAge(0).value("").build();
        return Response.seeOther(URI.create("/tasks")).cookie(expired).build();
    }
}
