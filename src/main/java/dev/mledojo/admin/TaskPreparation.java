package dev.mledojo.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.mledojo.db.AdvisoryLock;
import dev.mledojo.error.DomainException;
import dev.mledojo.task.ReviewCheck;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A task's latest data import, as every replica sees it: reserved under an advisory lock on the task (one import of a
 * task at a time, on any replica), its progress written by the replica that runs it, which keeps its lease alive. A
 * running import whose lease has passed died with its replica: it shows as failed, and a new import may take its place.
 */
@Entity
@Table(name = "task_preparation")
public class TaskPreparation extends PanacheEntityBase {

    static final String RUNNING = "running";
    private static final int LOCK_SPACE = 7415;

    @Id
    @Column(name = "task_slug")
    public String taskSlug;

    public int version;

    public String state;

    public String step;

    public double fraction;

    public String message;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<ReviewCheck> checks;

    @Column(name = "data_hash")
    public String dataHash;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** The replica running (or that ran) the import. */
    public String instance;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    /**
     * Reserves the task for a new import by {@code instance} (in the caller's transaction).
     *
     * @throws DomainException.Conflict while another import of the task runs on any replica
     */
    static TaskPreparation reserve(String slug, int version, String instance, Duration lease) {
        TaskPreparation p = locked(slug);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // as stored: it names this import
        if (p != null && p.alive(now)) {
            throw DomainException.conflict("preparation-running", "Task '" + slug + "' is already being prepared ("
                    + p.step + (p.instance.equals(instance) ? "" : ", on replica " + p.instance) + ").");
        }
        boolean fresh = p == null;
        if (fresh) {
            p = new TaskPreparation();
            p.taskSlug = slug;
        }
        p.version = version;
        p.state = RUNNING;
        p.step = "queued";
        p.fraction = 0;
        p.message = null;
        p.checks = List.of();
        p.dataHash = null;
        p.startedAt = now;
        p.endedAt = null;
        p.instance = instance;
        p.leaseUntil = now.plus(lease);
        if (fresh) {
            p.persist();
        }
        return p;
    }

    /**
     * The task's latest import, read under the task's import lock (until the transaction ends): no import of the task
     * is reserved meanwhile, on any replica. Null when none was ever started.
     */
    static TaskPreparation locked(String slug) {
        AdvisoryLock.hold(getEntityManager(), "preparation:" + slug, LOCK_SPACE);
        return findById(slug);
    }

    /** Whether the import runs and its replica still renews its lease. */
    boolean alive(Instant now) {
        return RUNNING.equals(state) && leaseUntil.isAfter(now);
    }

    /** The import as the admin API shows it; a running import whose replica stopped shows as failed. */
    CurationService.Job job(Instant now) {
        if (RUNNING.equals(state) && !alive(now)) {
            return new CurationService.Job(taskSlug, version, "failed", step, fraction, "The replica preparing it ("
                    + instance + ") stopped during '" + step + "': import again.", List.of(), null, startedAt,
                    leaseUntil);
        }
        return new CurationService.Job(taskSlug, version, state, step, fraction, message, checks == null ? List.of()
                : checks, dataHash, startedAt, endedAt);
    }

    /** The state of every task's latest import, by task (as {@link #job} shows it). */
    static Map<String, String> states(Instant now) {
        Map<String, String> states = new HashMap<>();
        for (TaskPreparation p : TaskPreparation.<TaskPreparation>listAll()) {
            states.put(p.taskSlug, p.job(now).state());
        }
        return states;
    }

    /** Renews the lease of the import of {@code slug} that started at {@code startedAt}, while it runs. */
    static int renew(String slug, Instant startedAt, Instant until) {
        return update("leaseUntil = ?1 where taskSlug = ?2 and startedAt = ?3 and state = ?4", until, slug, startedAt,
                RUNNING);
    }
}
