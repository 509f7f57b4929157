package dev.mledojo.account;

import java.net.URI;

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

/** The sign-in form of the built-in accounts (form authentication posts to {@code /j_security_check}) and sign-out. */
@Path("/")
public class AccountPage {

    private final AuthMode authMode;

    public AccountPage(AuthMode authMode) {
        this.authMode = authMode;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean error);
    }

    @GET
    @Path("login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Object login(@QueryParam("error") String error) {
        if (authMode.oidc()) {
            return Response.seeOther(URI.create("/signin")).build(); // the built-in form is refused in OIDC mode
        }
        return Templates.login(error != null);
    }

    @GET
    @Path("logout")
    @PermitAll
    public Response logout() {
        NewCookie expired = new NewCookie.Builder("quarkus-credential").path("/").maxAge(0).value("").build();
        return Response.seeOther(URI.create("/tasks")).cookie(expired).build();
    }
}
