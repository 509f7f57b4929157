package dev.mledojo.task;


import java.nio.file.Path;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.mledojo.grading.GradeReport;
import dev.mledojo.grading.GradingService;
import dev.mledojo.task.TaskViews.TaskDetailView;
import dev.mledojo.task.TaskViews.TaskListView;
import dev.mledojo.web.ApiException;

/** The task catalogue over JSON: list, details, public data files, and grading (admins, for now). */
@jakarta.ws.rs.Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class TaskResource {

    private final TaskService tasks;
    private final TaskDataService data;
    private final GradingService grading;
    private final dev.mledojo.account.AccountService accounts;
    private final io.quarkus.security.identity.SecurityIdentity identity;

    public TaskResource(TaskService tasks, TaskDataService data, GradingService grading,
            dev.mledojo.account.AccountService accounts, io.quarkus.security.identity.SecurityIdentity identity) {
        this.tasks = tasks;
        this.data = data;
        this.grading = grading;
        this.accounts = accounts;
        this.identity = identity;
    }

    @GET
    @PermitAll
    @Operation(summary = "List tasks", description = "Filter by domain, tag, status (ready, draft, preparing, retired, "
            + "invalid) and text; pages follow nextCursor.")
    public TaskListView list(@QueryParam("domain") String domain, @QueryParam("tag") String tag,
            @QueryParam("status") String status, @QueryParam("q") String text, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > TaskService.MAX_PAGE) {
            throw ApiException.badRequest("invalid-limit", "limit must be between 1 and " + TaskService.MAX_PAGE + ", got " + limit + ".");
        }
        return tasks.list(new TaskService.Filter(domain, tag, status, text), cursor, limit);
    }

    @GET
    @jakarta.ws.rs.Path("/{id}")
    @PermitAll
    @Operation(summary = "One task's current version")
    public TaskDetailView get(@PathParam("id") String id) {
        return tasks.detail(id).orElseThrow(() -> ApiException.notFound("unknown-task", "There is no task '" + id + "'."));
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/data/{path: .+}")
    @PermitAll
    @Produces({"text/csv", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN, "application/problem+json"})
    @Operation(summary = "Download a public data file", description = "Only files of the public part; hidden answers are never served.")
    public Response file(@PathParam("id") String id, @PathParam("path") String path) {
        TaskService.VersionRef version = tasks.currentVersion(id)
                .orElseThrow(() -> ApiException.notFound("unknown-task", "There is no task '" + id + "'."));
        Path file = data.publicFile(version.slug(), version.definition().contentHash(), path)
                .orElseThrow(() -> ApiException.notFound("unknown-file", "Task '" + id + "' has no public file '" + path + "'."));
        String type = file.getFileName().toString().endsWith(".csv") ? "text/csv"
                : file.getFileName().toString().endsWith(".md") ? "text/markdown" : MediaType.APPLICATION_OCTET_STREAM;
        return Response.ok(file.toFile(), type)
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"").build();
    }

    @POST
    @jakarta.ws.rs.Path("/{id}/grade")
    @RolesAllowed("admin")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Grade a submission", description = "Multipart field 'file'. Returns the grade report; a "
            + "malformed file gives 400 problem JSON whose 'kind' names the problem.")
    public GradeReport grade(@PathParam("id") String id, @RestForm("file") FileUpload file) {
        var user = accounts.current(identity);
        var use = accounts.consume(user, dev.mledojo.account.AccountService.GRADE, id);
        try {
            return grading.grade(id, file == null ? null : file.uploadedFile());
        } catch (ApiException | dev.mledojo.metric.InvalidSubmissionException | dev.mledojo.metric.ScoringException e) {
            throw e; // the caller's mistake counts against the quota
        } catch (RuntimeException e) {
            accounts.refund(use.id); // the platform failed: the call is given back
            throw e;
        }
    }

}
