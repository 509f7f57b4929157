package dev.mledojo.account;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.mledojo.error.DomainException;
import dev.mledojo.web.Flash;
import dev.mledojo.web.ProblemMappers;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The page of the signed-in user's personal API tokens: list, create (the secret is shown once, on the result page)
 * and revoke. It uses the same {@link AccountService} as {@code /api/v1/me/tokens}.
 */
@Path("/me/tokens")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({"submitter", "admin"})
public class TokenPage {

    private final AccountService accounts;
    private final SecurityIdentity identity;

    public TokenPage(AccountService accounts, SecurityIdentity identity) {
        this.accounts = accounts;
        this.identity = identity;
    }

    /** The create form as typed, so that a mistake is shown again with the values kept. */
    public record TokenForm(String name, Set<String> scopes, String daysValid) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tokens(List<AccountService.TokenView> tokens, Set<String> roles, TokenForm form,
                String error, String pipInstall);

        static native TemplateInstance created(AccountService.CreatedToken created);
    }

    @GET
    public TemplateInstance list(@jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        Set<String> roles = roles();
        return Templates.tokens(accounts.tokens(identity), roles, new TokenForm("", roles, "90"), null, pipInstall(uri));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm("name") String name, @RestForm("scopes") List<String> scopes,
            @RestForm("days_valid") String daysValid, @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        TokenForm typed = new TokenForm(name == null ? "" : name.trim(),
                scopes == null ? Set.of() : new TreeSet<>(scopes), daysValid == null ? "" : daysValid.trim());
        try {
            if (typed.scopes().isEmpty()) {
                throw DomainException.invalid("invalid-token", "Choose at least one scope.");
            }
            Integer days = null;
            if (!typed.daysValid().isEmpty()) {
                try {
                    days = Integer.valueOf(typed.daysValid());
                } catch (NumberFormatException e) {
                    throw DomainException.invalid("invalid-token", "'" + typed.daysValid() + "' is not a number of days; "
                            + "leave it empty for a token that does not expire.");
                }
            }
            AccountService.CreatedToken created = accounts.createToken(identity, typed.name(), typed.scopes(), days);
            // the secret is on this page only: never cache it, never redirect to a page that could show it again
            return Response.ok(Templates.created(created)).type(MediaType.TEXT_HTML_TYPE)
                    .header("Cache-Control", "no-store").build();
        } catch (DomainException e) {
            return Response.status(ProblemMappers.status(e)).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.tokens(accounts.tokens(identity), roles(), typed, e.getMessage(), pipInstall(uri))).build();
        }
    }

    /** The one-line install of the Python client from this platform (the address the page was asked at). */
    static String pipInstall(jakarta.ws.rs.core.UriInfo uri) {
        return "pip install " + uri.getBaseUri().toString().replaceAll("/+$", "") + "/client/python/"
                + dev.mledojo.client.PythonClientResource.wheelFileName();
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") long id) {
        AccountService.TokenView token = accounts.revoke(identity, id);
        return Flash.seeOther("/me/tokens", "Token " + token.name() + " (" + token.prefix() + "…) is revoked: it no "
                + "longer works.");
    }

    private Set<String> roles() {
        return new TreeSet<>(accounts.current(identity).roleSet());
    }
}
