package dev.mledojo.admin;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.mledojo.error.DomainException;
import dev.mledojo.llm.LlmAllowList;
import dev.mledojo.web.Flash;
import dev.mledojo.web.ProblemMappers;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The admin page of the LLM endpoints the gateway may call: the configured list ({@code dojo.llm.allowed-base-urls},
 * read-only) and the entries admins add or remove here (stored, shared by all replicas, audited). An entry is
 * explicitly listed: an internal endpoint on a private address becomes callable.
 */
@Path("/admin/llm")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed("admin")
public class AdminLlmPage {

    private final LlmAllowList allowList;
    private final AdminLlmService changes;
    private final SecurityIdentity identity;

    public AdminLlmPage(LlmAllowList allowList, AdminLlmService changes, SecurityIdentity identity) {
        this.allowList = allowList;
        this.changes = changes;
        this.identity = identity;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance endpoints(List<String> configured, boolean narrowed,
                List<LlmAllowList.Entry> stored, String typed, String error);
    }

    @GET
    public TemplateInstance list() {
        return page("", null);
    }

    @POST
    @Path("/endpoints")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@RestForm("url") String url) {
        try {
            String added = LlmAllowList.normalize(url);
            changes.add(added, identity.getPrincipal().getName());
            return Flash.seeOther("/admin/llm", "The LLM endpoint " + added + " is allow-listed: agents may use it "
                    + "(and paths below it), private addresses included.");
        } catch (DomainException e) {
            return Response.status(ProblemMappers.status(e)).type(MediaType.TEXT_HTML_TYPE)
                    .entity(page(url == null ? "" : url, e.getMessage())).build();
        }
    }

    @POST
    @Path("/endpoints/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@RestForm("url") String url) {
        if (!changes.remove(url, identity.getPrincipal().getName())) {
            return Response.status(404).type(MediaType.TEXT_HTML_TYPE)
                    .entity(page("", "There is no stored entry " + (url == null ? "" : url) + "; nothing was removed."))
                    .build();
        }
        return Flash.seeOther("/admin/llm", "The LLM endpoint " + url + " is no longer allow-listed here.");
    }

    private TemplateInstance page(String typed, String error) {
        return Templates.endpoints(allowList.configured(), allowList.narrowed(), allowList.stored(), typed, error);
    }
}
