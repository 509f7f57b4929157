package dev.mledojo.admin;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.mledojo.error.DomainException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The admin page of the audit log: every admin action, newest first, filterable, with the CSV export. */
@Path("/admin/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed("admin")
public class AdminAuditPage {

    private final AuditLog audit;

    public AdminAuditPage(AuditLog audit) {
        this.audit = audit;
    }

    /** The filters as the page shows them (empty strings, never null). */
    public record Filters(String action, String target, int limit) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(List<AuditLog.EntryView> entries, Filters filters);
    }

    @GET
    public TemplateInstance list(@QueryParam("action") String action, @QueryParam("target") String target,
            @QueryParam("limit") @DefaultValue("200") int limit) {
        if (limit < 1 || limit > 10_000) {
            throw DomainException.invalid("invalid-limit", "Show between 1 and 10000 entries.");
        }
        Filters f = new Filters(action == null ? "" : action.trim(), target == null ? "" : target.trim(), limit);
        return Templates.audit(audit.recent(limit, f.action(), f.target()), f);
    }
}
