package dev.mledojo.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.mledojo.db.ChangeFeed;
import dev.mledojo.db.ChangeHub;
import dev.mledojo.error.DomainException;
import dev.mledojo.scheduling.SandboxStatus;
import dev.mledojo.task.TaskService;
import dev.mledojo.web.Flash;
import dev.mledojo.web.ProblemMappers;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/**
 * The admin task pages: every task with its version, status, data and review, the forms that curate them (activate,
 * retire, import data, add or edit a task, replace a board), and a task's data preparation, live over SSE. Forms call
 * the same services as the admin API, then redirect back with a message; a mistake shows the page again with the
 * reason.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed("admin")
public class AdminTaskPage {

    private final AdminTaskService tasks;
    private final CurationService curation;
    private final TaskFolders folders;
    private final TaskService catalogue;
    private final SecurityIdentity identity;
    private final SandboxStatus sandbox;
    private final ChangeFeed feed;

    public AdminTaskPage(AdminTaskService tasks, CurationService curation, TaskFolders folders, TaskService catalogue,
            SecurityIdentity identity, SandboxStatus sandbox, ChangeFeed feed) {
        this.feed = feed;
        this.tasks = tasks;
        this.curation = curation;
        this.folders = folders;
        this.catalogue = catalogue;
        this.identity = identity;
        this.sandbox = sandbox;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tasks(List<AdminTaskService.TaskRow> rows, String q, String error,
                String sandboxProblem, String install);

        static native TemplateInstance preparation(String task, String title, CurationService.Job job);
    }

    @GET
    public TemplateInstance list(@QueryParam("q") String q) {
        return Templates.tasks(tasks.rows(q), q == null ? "" : q.trim(), null, sandbox.cannotRunCode().orElse(null),
                SandboxStatus.INSTALL);
    }

    @POST
    @Path("/tasks/{id}/activate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response activate(@PathParam("id") String id) {
        return act(() -> {
            AdminTaskService.StatusChange c = tasks.activate(id, actor());
            return Flash.seeOther("/admin", "Task " + c.task() + " v" + c.version() + " is active: it is offered for "
                    + "new episodes.");
        });
    }

    @POST
    @Path("/tasks/{id}/retire")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response retire(@PathParam("id") String id) {
        return act(() -> {
            AdminTaskService.StatusChange c = tasks.retire(id, actor());
            return Flash.seeOther("/admin", "Task " + c.task() + " v" + c.version() + " is retired: it is no longer "
                    + "offered for new episodes.");
        });
    }

    @POST
    @Path("/tasks/{id}/data")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importData(@PathParam("id") String id, @RestForm("file") FileUpload file) {
        return act(() -> {
            requireFile(file, "the raw data archive (zip or tar.gz)");
            curation.importArchive(id, file.uploadedFile(), actor());
            return Flash.seeOther(preparationPath(id), "The archive " + file.fileName() + " was accepted; task " + id
                    + " is being prepared.");
        });
    }

    @POST
    @Path("/tasks/{id}/import/kaggle")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importKaggle(@PathParam("id") String id) {
        return act(() -> {
            curation.importFromKaggle(id, actor());
            return Flash.seeOther(preparationPath(id), "Downloading task " + id + "'s data from Kaggle.");
        });
    }

    @POST
    @Path("/tasks")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response defineTask(@RestForm("file") FileUpload file) {
        return act(() -> {
            requireFile(file, "the zipped task folder");
            TaskFolders.Saved saved = folders.define(file.uploadedFile(), actor());
            return Flash.seeOther("/admin?q=" + saved.task(), saved.newVersion()
                    ? "Task " + saved.task() + " saved as a new draft version: import its data, then activate it."
                    : "Task " + saved.task() + " is unchanged: the uploaded folder equals its current version.");
        });
    }

    @POST
    @Path("/boards")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response replaceBoard(@RestForm("task") String task, @RestForm("board") String board,
            @RestForm("file") FileUpload file) {
        return act(() -> {
            String id = task == null ? "" : task.trim();
            if (id.isEmpty()) {
                throw DomainException.invalid("missing-task", "Name the task whose board you replace.");
            }
            requireFile(file, "the board as CSV (header rank,score)");
            byte[] csv;
            try {
                csv = Files.readAllBytes(file.uploadedFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TaskFolders.Saved saved = folders.replaceBoard(id, board == null ? "" : board.trim(), csv, actor());
            return Flash.seeOther("/admin?q=" + saved.task(), "The " + board + " board of task " + saved.task()
                    + " was replaced" + (saved.newVersion() ? ": a new draft version." : " (no change)."));
        });
    }

    @GET
    @Path("/tasks/{id}/preparation")
    public TemplateInstance preparation(@PathParam("id") String id) {
        TaskService.VersionRef version = catalogue.currentVersion(id)
                .orElseThrow(() -> DomainException.notFound("unknown-task", "There is no task '" + id + "'."));
        return Templates.preparation(id, version.definition().title(), job(id));
    }

    /**
     * The preparation job as server-sent events: its state now and whenever it changes, on whichever replica runs it
     * (the database announces each change), until it ends (the last event carries the review). 404 when no import was
     * started.
     */
    @GET
    @Path("/tasks/{id}/preparation/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking // the 404 check reads the database; later reads run on worker threads too
    public Multi<CurationService.Job> preparationEvents(@PathParam("id") String id) {
        curation.status(id); // 404 now, before the stream starts, if there is nothing to follow
        AtomicReference<CurationService.Job> shown = new AtomicReference<>();
        return feed.follow("preparation", List.of(new ChangeHub.Topic(ChangeFeed.PREPARATION, id)), () -> {
            CurationService.Job job = curation.status(id);
            boolean last = !"running".equals(job.state());
            return new ChangeFeed.Batch<>(job.equals(shown.getAndSet(job)) && !last ? List.of() : List.of(job), last);
        });
    }

    /** The job's progress for people, e.g. "42 %". */
    @TemplateExtension
    static String percent(CurationService.Job job) {
        return Math.round(job.fraction() * 100) + " %";
    }

    private CurationService.Job job(String id) {
        try {
            return curation.status(id);
        } catch (DomainException e) {
            return null;
        }
    }

    /** Runs a form's action; a mistake (bad file, unprepared task, ...) shows the task table again with the reason. */
    private Response act(java.util.function.Supplier<Response> action) {
        try {
            return action.get();
        } catch (DomainException e) {
            return Response.status(ProblemMappers.status(e)).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Templates.tasks(tasks.rows(null), "", e.getMessage(), sandbox.cannotRunCode().orElse(null),
                            SandboxStatus.INSTALL)).build();
        }
    }

    private static void requireFile(FileUpload file, String what) {
        if (file == null || file.fileName() == null || file.fileName().isBlank()) {
            throw DomainException.invalid("missing-file", "Choose " + what + " to upload.");
        }
    }

    private static String preparationPath(String id) {
        return "/admin/tasks/" + id + "/preparation";
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
