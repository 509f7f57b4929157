package dev.mledojo.admin;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.mledojo.account.RateLimitFilter;
import dev.mledojo.account.UserAccount;
import dev.mledojo.metric.CsvTables;
import dev.mledojo.task.Task;
import dev.mledojo.task.TaskStatus;
import dev.mledojo.web.ApiException;
import io.quarkus.security.identity.SecurityIdentity;

/** Admin API: users and their quotas, task activation and retirement, and the audit log. Admins only. */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "Admin")
public class AdminResource {

    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final RateLimitFilter rateLimits;
    private final CurationService curation;
    private final TaskFolders folders;

    public AdminResource(AuditLog audit, SecurityIdentity identity, RateLimitFilter rateLimits, CurationService curation,
            TaskFolders folders) {
        this.folders = folders;
        this.audit = audit;
        this.identity = identity;
        this.rateLimits = rateLimits;
        this.curation = curation;
    }

    /** A user as admins see them. */
    public record UserView(long id, String name, String email, String roles, Integer episodesPerDay,
            Integer concurrentEpisodes, Integer gradesPerDay, Integer queuedEpisodes, Integer rateLimitPerMinute,
            java.time.Instant createdAt, java.time.Instant lastSeenAt) {
        static UserView of(UserAccount u) {
            return new UserView(u.id, u.name, u.email, u.roles, u.quotaEpisodesPerDay, u.quotaConcurrentEpisodes,
                    u.quotaGradesPerDay, u.quotaQueuedEpisodes, u.rateLimitPerMinute, u.createdAt, u.lastSeenAt);
        }
    }

    /** Per-user overrides; null restores the platform default. */
    public record QuotaRequest(@JsonProperty("episodes_per_day") Integer episodesPerDay,
            @JsonProperty("concurrent_episodes") Integer concurrentEpisodes,
            @JsonProperty("grades_per_day") Integer gradesPerDay,
            @JsonProperty("queued_episodes") Integer queuedEpisodes,
            @JsonProperty("rate_limit_per_minute") Integer rateLimitPerMinute) {
    }

    @GET
    @Path("/users")
    @Transactional
    @Operation(summary = "Users, with their quota overrides")
    public List<UserView> users() {
        return UserAccount.<UserAccount>list("order by name").stream().map(UserView::of).toList();
    }

    @PUT
    @Path("/users/{name}/quota")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Set a user's quota overrides (null = platform default)")
    public UserView setQuota(@PathParam("name") String name, QuotaRequest request) {
        if (request == null) {
            throw ApiException.badRequest("invalid-quota", "Send the overrides, e.g. {\"grades_per_day\": 100}.");
        }
        for (Integer v : new Integer[] {request.episodesPerDay(), request.concurrentEpisodes(), request.gradesPerDay(),
                request.queuedEpisodes(), request.rateLimitPerMinute()}) {
            if (v != null && v < 0) {
                throw ApiException.badRequest("invalid-quota", "Quotas are 0 or more; null restores the default.");
            }
        }
        UserAccount user = UserAccount.byName(name)
                .orElseThrow(() -> ApiException.notFound("unknown-user", "No user '" + name + "' has signed in yet."));
        UserView before = UserView.of(user);
        user.quotaEpisodesPerDay = request.episodesPerDay();
        user.quotaConcurrentEpisodes = request.concurrentEpisodes();
        user.quotaGradesPerDay = request.gradesPerDay();
        user.quotaQueuedEpisodes = request.queuedEpisodes();
        user.rateLimitPerMinute = request.rateLimitPerMinute();
        UserView after = UserView.of(user);
        audit.record(actor(), "user.quota", "user:" + name, asMap(before), asMap(after));
        rateLimits.reset(name);
        return after;
    }

    @POST
    @Path("/tasks/{id}/retire")
    @Transactional
    @Operation(summary = "Retire a task's current version: it is no longer offered for new episodes")
    public Map<String, Object> retire(@PathParam("id") String id) {
        return setStatus(id, TaskStatus.RETIRED, "task.retire");
    }

    @POST
    @Path("/tasks/{id}/activate")
    @Transactional
    @Operation(summary = "Activate a task's current version (its data must be prepared)")
    public Map<String, Object> activate(@PathParam("id") String id) {
        Task task = Task.findBySlug(id).filter(t -> t.currentVersion != null)
                .orElseThrow(() -> ApiException.notFound("unknown-task", "There is no task '" + id + "'."));
        if (task.currentVersion.dataStatus != dev.mledojo.task.DataStatus.READY) {
            throw ApiException.conflict("task-not-prepared", "Task '" + id + "' v" + task.currentVersion.number
                    + " has no prepared data; prepare and review it first.");
        }
        if (!task.currentVersion.reviewPassed()) {
            throw ApiException.conflict("review-failed", "Task '" + id + "' v" + task.currentVersion.number
                    + " failed its review: " + task.currentVersion.review.stream().filter(c -> !c.passed())
                            .map(c -> c.name() + " (" + c.detail() + ")").toList());
        }
        return setStatus(id, TaskStatus.READY, "task.activate");
    }

    private Map<String, Object> setStatus(String id, TaskStatus status, String action) {
        Task task = Task.findBySlug(id).filter(t -> t.currentVersion != null)
                .orElseThrow(() -> ApiException.notFound("unknown-task", "There is no task '" + id + "'."));
        String before = task.currentVersion.status.wireName();
        task.currentVersion.status = status;
        audit.record(actor(), action, "task:" + id + "@v" + task.currentVersion.number, Map.of("status", before),
                Map.of("status", status.wireName()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", id);
        out.put("version", task.currentVersion.number);
        out.put("status", status.wireName());
        return out;
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
            throw ApiException.badRequest("missing-file", "Upload the zipped task folder as the multipart field 'file'.");
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
            throw ApiException.badRequest("invalid-board", "Send the board as CSV (header rank,score).");
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
            throw ApiException.badRequest("missing-file", "Upload the raw data archive as the multipart field 'file'.");
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
            throw ApiException.badRequest("invalid-limit", "limit must be between 1 and 10000.");
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
                .map(e -> List.<Object>of(e.id(), e.at().toString(), e.actor(), e.action(), e.target(),
                        String.valueOf(e.before()), String.valueOf(e.after())))
                .toList();
        CsvTables.write(out, List.of("id", "at", "actor", "action", "target", "before", "after"), rows);
        return Response.ok(out.toString()).header("Content-Disposition", "attachment; filename=\"audit.csv\"").build();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static Map<String, Object> asMap(UserView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("episodesPerDay", v.episodesPerDay());
        m.put("concurrentEpisodes", v.concurrentEpisodes());
        m.put("gradesPerDay", v.gradesPerDay());
        m.put("queuedEpisodes", v.queuedEpisodes());
        m.put("rateLimitPerMinute", v.rateLimitPerMinute());
        return m;
    }
}
