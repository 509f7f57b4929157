package dev.mledojo.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.mledojo.error.DomainException;
import dev.mledojo.task.DataStatus;
import dev.mledojo.task.ReviewCheck;
import dev.mledojo.task.Task;
import dev.mledojo.task.TaskStatus;
import dev.mledojo.task.TaskVersion;
import dev.mledojo.task.TaskViews;

/** Offering and withdrawing task versions, and the task table of the admin page; used by the API and the pages. */
@ApplicationScoped
public class AdminTaskService {

    private final AuditLog audit;

    public AdminTaskService(AuditLog audit) {
        this.audit = audit;
    }

    /** What a status change did. */
    public record StatusChange(String task, int version, String status) {
    }

    /**
     * One task in the admin table: its current version and, when a data import on an offered version made one, the
     * draft version waiting to replace it ({@code next}).
     */
    public record TaskRow(String id, String title, Integer version, String status, String statusLabel,
            String dataStatus, String dataSource, boolean kaggle, Boolean reviewPassed, List<ReviewCheck> failedChecks,
            String problem, String dataError, String preparation, String dataHash, NextVersion next) {
        public boolean canActivate() {
            if (next != null) {
                return next.canActivate();
            }
            return version != null && !"ready".equals(status) && "ready".equals(dataStatus)
                    && !Boolean.FALSE.equals(reviewPassed);
        }

        /** The version "Activate" offers: the waiting draft when there is one, else the current version. */
        public Integer activatable() {
            return next != null ? Integer.valueOf(next.version()) : version;
        }

        public boolean canRetire() {
            return version != null && !"retired".equals(status);
        }
    }

    /** A draft version of the current definition with new data, waiting for review and activation. */
    public record NextVersion(int version, String status, String dataStatus, Boolean reviewPassed,
            List<ReviewCheck> failedChecks, String dataError, String dataHash) {
        public boolean canActivate() {
            return "ready".equals(dataStatus) && !Boolean.FALSE.equals(reviewPassed);
        }
    }

    /** Every task (or those whose id or title contains {@code q}), by id. */
    @Transactional
    public List<TaskRow> rows(String q) {
        String needle = q == null ? "" : q.trim().toLowerCase(Locale.ROOT);
        Map<String, String> jobs = TaskPreparation.states(java.time.Instant.now()); // the latest import of each task
        return Task.<Task>list("select t from Task t left join fetch t.currentVersion order by t.slug").stream()
                .filter(t -> needle.isEmpty() || t.slug.contains(needle)
                        || t.currentVersion != null && t.currentVersion.title.toLowerCase(Locale.ROOT).contains(needle))
                .map(t -> row(t, jobs.get(t.slug))).toList();
    }

    private TaskRow row(Task t, String job) {
        TaskVersion v = t.currentVersion;
        String problem = t.problem().map(Object::toString).orElse(null);
        if (v == null) {
            return new TaskRow(t.slug, t.slug, null, "invalid", TaskViews.statusLabel("invalid"), "missing", null, false,
                    null, List.of(), problem, null, job, null, null);
        }
        String status = v.status.wireName();
        return new TaskRow(t.slug, v.title, v.number, status, TaskViews.statusLabel(status), v.dataStatus.wireName(),
                v.dataSource, v.definition.data().setting("competition") != null,
                v.review == null ? null : v.reviewPassed(),
                v.review == null ? List.of() : v.review.stream().filter(c -> !c.passed()).toList(), problem,
                v.dataError, job, v.dataHash, t.candidate().map(AdminTaskService::next).orElse(null));
    }

    private static NextVersion next(TaskVersion n) {
        return new NextVersion(n.number, n.status.wireName(), n.dataStatus.wireName(),
                n.review == null ? null : n.reviewPassed(),
                n.review == null ? List.of() : n.review.stream().filter(c -> !c.passed()).toList(), n.dataError,
                n.dataHash);
    }

    /**
     * Activates the task's newest version: the draft a data import made (it becomes the current version; the version
     * it replaces keeps its data for the episodes and results that name it), else the current version.
     */
    @Transactional
    public StatusChange activate(String id, String admin) {
        TaskVersion current = current(id);
        TaskVersion v = current.task.candidate().orElse(current);
        if (v.dataStatus != DataStatus.READY) {
            throw DomainException.conflict("task-not-prepared", "Task '" + id + "' v" + v.number
                    + " has no prepared data; prepare and review it first.");
        }
        if (!v.reviewPassed()) {
            throw DomainException.conflict("review-failed", "Task '" + id + "' v" + v.number + " failed its review: "
                    + v.review.stream().filter(c -> !c.passed()).map(c -> c.name() + " (" + c.detail() + ")").toList());
        }
        if (v != current) {
            current.task.makeCurrent(v);
            audit.record(admin, "task.version.current", "task:" + id, Map.of("version", current.number),
                    Map.of("version", v.number, "dataHash", String.valueOf(v.dataHash)));
        }
        return setStatus(id, v, TaskStatus.READY, "task.activate", admin);
    }

    @Transactional
    public StatusChange retire(String id, String admin) {
        return setStatus(id, current(id), TaskStatus.RETIRED, "task.retire", admin);
    }

    private StatusChange setStatus(String id, TaskVersion v, TaskStatus status, String action, String admin) {
        String before = v.status.wireName();
        v.status = status;
        audit.record(admin, action, "task:" + id + "@v" + v.number, Map.of("status", before),
                Map.of("status", status.wireName()));
        return new StatusChange(id, v.number, status.wireName());
    }

    private static TaskVersion current(String id) {
        return Task.findBySlug(id).filter(t -> t.currentVersion != null).map(t -> t.currentVersion)
                .orElseThrow(() -> DomainException.notFound("unknown-task", "There is no task '" + id + "'."));
    }
}
