package dev.mledojo.task;

import java.nio.file.Path;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.mledojo.error.DomainException;
import dev.mledojo.task.TaskViews.TaskDetailView;
import dev.mledojo.task.TaskViews.TaskListView;

/** The task catalogue over JSON: list, details and public data files (grading: {@code GradingResource}). */
@jakarta.ws.rs.Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class TaskResource {

    private final TaskService tasks;
    private final TaskDataService data;

    public TaskResource(TaskService tasks, TaskDataService data) {
        this.tasks = tasks;
        this.data = data;
    }

    @GET
    @PermitAll
    @Operation(summary = "List tasks", description = "Filter by domain, tag, status (ready, draft, preparing, retired, "
            + "invalid) and text; pages follow nextCursor.")
    public TaskListView list(@QueryParam("domain") String domain, @QueryParam("tag") String tag,
            @QueryParam("status") String status, @QueryParam("q") String text, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > TaskService.MAX_PAGE) {
            throw DomainException.invalid("invalid-limit", "limit must be between 1 and " + TaskService.MAX_PAGE + ", got " + limit + ".");
        }
        return tasks.list(new TaskService.Filter(domain, tag, status, text), cursor, limit);
    }

    @GET
    @jakarta.ws.rs.Path("/{id}")
    @PermitAll
    @Operation(summary = "One task's current version")
    public TaskDetailView get(@PathParam("id") String id) {
        return tasks.detail(id).orElseThrow(() -> DomainException.notFound("unknown-task", "There is no task '" + id + "'."));
    }

    @GET
    @jakarta.ws.rs.Path("/{id}/data/{path: .+}")
    @PermitAll
    @Produces({"text/csv", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN, "application/problem+json"})
    @Operation(summary = "Download a public data file", description = "Only files of the public part; hidden answers are never served.")
    public Response file(@PathParam("id") String id, @PathParam("path") String path) {
        TaskService.VersionRef version = tasks.currentVersion(id)
                .orElseThrow(() -> DomainException.notFound("unknown-task", "There is no task '" + id + "'."));
        Path file = data.publicFile(version, path)
                .orElseThrow(() -> DomainException.notFound("unknown-file", "Task '" + id + "' has no public file '" + path + "'."));
        String type = file.getFileName().toString().endsWith(".csv") ? "text/csv"
                : file.getFileName().toString().endsWith(".md") ? "text/markdown" : MediaType.APPLICATION_OCTET_STREAM;
        return Response.ok(file.toFile(), type)
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"").build();
    }
}
