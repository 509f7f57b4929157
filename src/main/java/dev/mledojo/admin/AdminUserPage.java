package dev.mledojo.admin;

import java.util.List;

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

import dev.mledojo.account.QuotaConfig;
import dev.mledojo.account.RateLimitConfig;
import dev.mledojo.error.DomainException;
import dev.mledojo.web.Flash;
import dev.mledojo.web.ProblemMappers;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/** The admin page of users and their quota overrides, with a form per user (empty field = platform default). */
@Path("/admin/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed("admin")
public class AdminUserPage {

    private final AdminUserService users;
    private final QuotaConfig quotas;
    private final RateLimitConfig rateLimit;
    private final SecurityIdentity identity;

    public AdminUserPage(AdminUserService users, QuotaConfig quotas, RateLimitConfig rateLimit, SecurityIdentity identity) {
        this.users = users;
        this.quotas = quotas;
        this.rateLimit = rateLimit;
        this.identity = identity;
    }

    /** The quota form's fields as typed (strings, so that a mistake is shown again as it was typed). */
    public record QuotaForm(String episodesPerDay, String concurrentEpisodes, String gradesPerDay, String queuedEpisodes,
            String rateLimitPerMinute) {
        static QuotaForm of(AdminUserService.UserView u) {
            return new QuotaForm(text(u.episodesPerDay()), text(u.concurrentEpisodes()), text(u.gradesPerDay()),
                    text(u.queuedEpisodes()), text(u.rateLimitPerMinute()));
        }

        private static String text(Integer v) {
            return v == null ? "" : v.toString();
        }
    }

    /** One user with the values their form shows. */
    public record UserRow(AdminUserService.UserView user, QuotaForm form, String error) {
    }

    /** The platform defaults, shown as placeholders. */
    public record Defaults(int episodesPerDay, int concurrentEpisodes, int gradesPerDay, int queuedEpisodes,
            int rateLimitPerMinute) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(List<UserRow> rows, Defaults defaults);
    }

    @GET
    public TemplateInstance list() {
        return page(null, null, null);
    }

    @POST
    @Path("/{name}/quota")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setQuota(@PathParam("name") String name, @RestForm("episodes_per_day") String episodesPerDay,
            @RestForm("concurrent_episodes") String concurrentEpisodes, @RestForm("grades_per_day") String gradesPerDay,
            @RestForm("queued_episodes") String queuedEpisodes,
            @RestForm("rate_limit_per_minute") String rateLimitPerMinute) {
        QuotaForm typed = new QuotaForm(trim(episodesPerDay), trim(concurrentEpisodes), trim(gradesPerDay),
                trim(queuedEpisodes), trim(rateLimitPerMinute));
        try {
            AdminUserService.QuotaRequest request = new AdminUserService.QuotaRequest(
                    number("episodes per day", typed.episodesPerDay()),
                    number("concurrent episodes", typed.concurrentEpisodes()),
                    number("grades per day", typed.gradesPerDay()), number("queued episodes", typed.queuedEpisodes()),
                    number("requests per minute", typed.rateLimitPerMinute()));
            users.setQuota(name, request, identity.getPrincipal().getName());
            return Flash.seeOther("/admin/users", "Quotas of " + name + " saved.");
        } catch (DomainException e) {
            if (e instanceof DomainException.NotFound) {
                throw e;
            }
            return Response.status(ProblemMappers.status(e)).type(MediaType.TEXT_HTML_TYPE).entity(page(name, typed, e.getMessage()))
                    .build();
        }
    }

    private TemplateInstance page(String name, QuotaForm typed, String error) {
        List<UserRow> rows = users.users().stream().map(u -> u.name().equals(name) ? new UserRow(u, typed, error)
                : new UserRow(u, QuotaForm.of(u), null)).toList();
        return Templates.users(rows, new Defaults(quotas.episodesPerDay(), quotas.concurrentEpisodes(),
                quotas.gradesPerDay(), quotas.queuedEpisodes(), rateLimit.requestsPerMinute()));
    }

    private static Integer number(String what, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw DomainException.invalid("invalid-quota", "'" + text + "' is not a whole number (" + what
                    + "); leave the field empty for the platform default.");
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
