package dev.mledojo.admin;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.error.DomainException;
import dev.mledojo.metric.CsvTables;
import io.quarkus.security.identity.SecurityIdentity;

/** Admin API: users and their quotas, task activation and retirement, and the audit log. Admins only. */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Admin")
public class AdminResource {

    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final CurationService curation;
    private final TaskFolders folders;
    private final AdminUserService users;
    private final AdminTaskService tasks;

    public AdminResource(AuditLog audit, SecurityIdentity identity, CurationService curation, TaskFolders folders,
            AdminUserService users, AdminTaskService tasks) {
        this.folders = folders;
        this.audit = audit;
        this.identity = identity;
        this.curation = curation;
        this.users = users;
        this.tasks = tasks;
    }

    @GET
    @Path("/users")
    @Operation(summary = "Users, with their quota overrides")
    public List<AdminUserService.UserView> users() {
        return users.users();
    }

    @PUT
    @Path("/users/{name}/quota")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a user's quota overrides (null = platform default)")
    public AdminUserService.UserView setQuota(@PathParam("name") String name, AdminUserService.QuotaRequest request) {
        return users.setQuota(name, request, actor());
    }

    @PUT
    @Path("/users/{name}/external-agents")
    @Operation(summary = "Allow a user to register external agent programs")
    public AdminUserService.ExternalAgentsView allowExternalAgents(@PathParam("name") String name) {
        return users.setExternalAgents(name, true, actor());
    }

    @DELETE
    @Path("/users/{name}/external-agents")
    @Operation(summary = "Forbid a user to register external agent programs (existing agents keep their versions)")
    public AdminUserService.ExternalAgentsView forbidExternalAgents(@PathParam("name") String name) {
        return users.setExternalAgents(name, false, actor());
    }

    @POST
    @Path("/tasks/{id}/retire")
    @Operation(summary = "Retire a task's current version: it is no longer offered for new episodes")
    public AdminTaskService.StatusChange retire(@PathParam("id") String id) {
        return tasks.retire(id, actor());
    }

    @POST
    @Path("/tasks/{id}/activate")
    @Operation(summary = "Activate a task's current version (its data must be prepared)")
    public AdminTaskService.StatusChange activate(@PathParam("id") String id) {
        return tasks.activate(id, actor());
    }

    @POST
    @Path("/tasks")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Add or edit a task from an uploaded task folder", description = "Multipart field 'file': a "
            + "zip of the folder (task.yaml, description.md, leaderboard/). Validated before anything is installed; a "
            + "changed folder becomes a new draft version.")
    public Response defineTask(@org.jboss.resteasy.reactive.RestForm("file")
            org.jboss.resteasy.reactive.multipart.FileUpload file) {
        if (file == null) {
            throw DomainException.invalid("missing-file", "Upload the zipped task folder as the multipart field 'file'.");
        }
        TaskFolders.Saved saved = folders.define(file.uploadedFile(), actor());
        return Response.status(saved.newVersion() ? 201 : 200).entity(saved)
                .header("Location", "/api/v1/tasks/" + saved.task()).build();
    }

    @PUT
    @Path("/tasks/{id}/leaderboard/{board}")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Operation(summary = "Replace a task's public or private comparison board", description = "Body: CSV with header "
            + "rank,score. The task gets a new draft version.")
    public TaskFolders.Saved replaceBoard(@PathParam("id") String id, @PathParam("board") String board, byte[] csv) {
        if (csv == null || csv.length == 0) {
            throw DomainException.invalid("invalid-board", "Send the board as CSV (header rank,score).");
        }
        return folders.replaceBoard(id, board, csv, actor());
    }

    @POST
    @Path("/tasks/{id}/data")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Import a task's raw data from an uploaded archive", description = "Multipart field 'file' "
            + "(zip or tar.gz). The archive is checked now (zip-slip, bombs, type); preparation and review run in the "
            + "background: follow GET .../preparation.")
    public Response importData(@PathParam("id") String id, @org.jboss.resteasy.reactive.RestForm("file")
            org.jboss.resteasy.reactive.multipart.FileUpload file) {
        if (file == null) {
            throw DomainException.invalid("missing-file", "Upload the raw data archive as the multipart field 'file'.");
        }
        CurationService.Job job = curation.importArchive(id, file.uploadedFile(), actor());
        return Response.accepted(job).header("Location", "/api/v1/admin/tasks/" + id + "/preparation").build();
    }

    @POST
    @Path("/tasks/{id}/import/kaggle")
    @Operation(summary = "Import a task's raw data from Kaggle", description = "Uses the platform's Kaggle account "
            + "(DOJO_CURATION_KAGGLE_USERNAME/KEY); runs in the background.")
    public Response importKaggle(@PathParam("id") String id) {
        CurationService.Job job = curation.importFromKaggle(id, actor());
        return Response.accepted(job).header("Location", "/api/v1/admin/tasks/" + id + "/preparation").build();
    }

    @GET
    @Path("/tasks/{id}/preparation")
    @Operation(summary = "Progress and review of the task's last data import")
    public CurationService.Job preparation(@PathParam("id") String id) {
        return curation.status(id);
    }

    @GET
    @Path("/audit")
    @Operation(summary = "The audit log, newest first")
    public List<AuditLog.EntryView> audit(@QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("action") String action, @QueryParam("target") String target) {
        if (limit < 1 || limit > 10_000) {
            throw DomainException.invalid("invalid-limit", "limit must be between 1 and 10000.");
        }
        return audit.recent(limit, action, target);
    }

    @GET
    @Path("/audit.csv")
    @Produces("text/csv")
    @Operation(summary = "The audit log as CSV")
    public Response auditCsv(@QueryParam("limit") @DefaultValue("10000") int limit) throws IOException {
        StringWriter out = new StringWriter();
        List<List<Object>> rows = audit.recent(Math.max(1, Math.min(limit, 100_000)), null, null).stream()
                .map(e -> List.<Object>of(e.id(), e.at().toString(), cell(e.actor()), cell(e.action()),
                        cell(e.target()), cell(String.valueOf(e.before())), cell(String.valueOf(e.after()))))
                .toList();
        CsvTables.write(out, List.of("id", "at", "actor", "action", "target", "before", "after"), rows);
        return Response.ok(out.toString()).header("Content-Disposition", "attachment; filename=\"audit.csv\"").build();
    }

    /**
     * A cell a spreadsheet will not run: text starting with =, +, -, @, tab or carriage return gets a leading
     * apostrophe (OWASP's advice against CSV formula injection; names and targets come from users).
     */
    static String cell(String text) {
        if (text != null && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
