package dev.mledojo.account;

import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.security.identity.SecurityIdentity;

/** The caller's own account: profile, quotas and personal API tokens. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Me")
public class MeResource {

    private final AccountService accounts;
    private final SecurityIdentity identity;

    public MeResource(AccountService accounts, SecurityIdentity identity) {
        this.accounts = accounts;
        this.identity = identity;
    }

    /** The caller's profile. */
    public record MeView(String name, String email, Set<String> roles, boolean viaToken, AccountService.QuotaView quota) {
    }

    /** {@code POST /api/v1/me/tokens}. */
    public record TokenRequest(String name, Set<String> scopes, @JsonProperty("days_valid") Integer daysValid) {
    }

    @GET
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "Who am I, with my quotas and today's use")
    public MeView me() {
        UserAccount user = accounts.current(identity);
        return new MeView(user.name, user.email, identity.getRoles(), identity.getAttribute(AccountService.TOKEN_ID) != null,
                accounts.quota(user));
    }

    @GET
    @Path("/tokens")
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "My personal API tokens (never their secrets)")
    public List<AccountService.TokenView> tokens() {
        return accounts.tokens(identity);
    }

    @POST
    @Path("/tokens")
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "Create a personal API token", description = "{name, scopes?: [submitter, admin], days_valid?}; "
            + "the secret is in this response only. Use it as 'Authorization: Bearer <secret>'.")
    public Response create(TokenRequest request) {
        TokenRequest r = request == null ? new TokenRequest(null, null, null) : request;
        AccountService.CreatedToken created = accounts.createToken(identity, r.name(), r.scopes(), r.daysValid());
        return Response.status(201).entity(created).build();
    }

    @DELETE
    @Path("/tokens/{id}")
    @RolesAllowed({"submitter", "admin"})
    @Operation(summary = "Revoke one of my tokens")
    public AccountService.TokenView revoke(@PathParam("id") long id) {
        return accounts.revoke(identity, id);
    }
}
