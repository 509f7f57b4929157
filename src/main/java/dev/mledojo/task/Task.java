package dev.mledojo.task;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/** A task (one folder of {@code tasks/}): its current version, or the problem that keeps its folder from parsing. */
@Entity
@Table(name = "task")
public class Task extends PanacheEntity {

    @Column(nullable = false, unique = true)
    public String slug;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "current_version_id")
    public TaskVersion currentVersion;

    @Column(name = "problem_file")
    public String problemFile;

    @Column(name = "problem_field")
    public String problemField;

    @Column(name = "problem_reason")
    public String problemReason;

    @Column(name = "problem_hash")
    public String problemHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The task of that id; none, without a query, for a name no task can have (NUL, too long: PostgreSQL refuses). */
    public static Optional<Task> findBySlug(String slug) {
        if (slug == null || !TaskParser.ID.matcher(slug).matches()) {
            return Optional.empty();
        }
        return find("slug", slug).firstResultOptional();
    }

    public static Task create(String slug) {
        Task task = new Task();
        task.slug = slug;
        task.createdAt = Instant.now();
        task.updatedAt = task.createdAt;
        task.persist();
        return task;
    }

    /** Makes a new task (no version yet) offer its first version, of {@code definition}. */
    public void offerFirst(TaskDefinition definition) {
        if (currentVersion != null) {
            throw new IllegalStateException("task " + slug + " has versions already");
        }
        currentVersion = TaskVersion.create(this, 1, definition);
        updatedAt = Instant.now();
    }

    /** Records that the folder no longer parses; the current version (if any) stays usable. */
    public void markInvalid(TaskProblem problem, String hash) {
        problemFile = problem.file();
        problemField = problem.field();
        problemReason = problem.reason();
        problemHash = hash;
        updatedAt = Instant.now();
    }

    public boolean invalid() {
        return problemReason != null;
    }

    public Optional<TaskProblem> problem() {
        return invalid() ? Optional.of(new TaskProblem(problemFile, problemField, problemReason)) : Optional.empty();
    }

    /**
     * Adopts a parsed definition: reuses the version with the same content hash, otherwise appends a new version.
     *
     * @return true when a new version was created
     */
    public boolean adopt(TaskDefinition definition) {
        problemFile = null;
        problemField = null;
        problemReason = null;
        problemHash = null;
        if (currentVersion != null && currentVersion.contentHash.equals(definition.contentHash())) {
            return false;
        }
        // several versions may share a definition (new data makes a new version): the newest of them
        Optional<TaskVersion> existing = TaskVersion.find("task = ?1 and contentHash = ?2 order by number desc", this,
                definition.contentHash()).firstResultOptional();
        if (existing.isPresent()) {
            if (currentVersion == null || !currentVersion.id.equals(existing.get().id)) {
                currentVersion = existing.get();
                updatedAt = Instant.now();
            }
            return false;
        }
        Integer last = TaskVersion.find("select max(v.number) from TaskVersion v where v.task = ?1", this)
                .project(Integer.class).firstResult();
        currentVersion = TaskVersion.create(this, last == null ? 1 : last + 1, definition);
        updatedAt = Instant.now();
        return true;
    }

    /**
     * The version newer than the current one that waits for its data or its activation (made by a data import on an
     * offered version), if any; a folder change that makes a newer current version leaves it behind.
     */
    public Optional<TaskVersion> candidate() {
        if (currentVersion == null) {
            return Optional.empty();
        }
        return TaskVersion.<TaskVersion>find("task = ?1 and number > ?2 and status in ?3 order by number desc", this,
                currentVersion.number, java.util.List.of(TaskStatus.DRAFT, TaskStatus.PREPARING)).firstResultOptional();
    }

    /** Offers {@code version} (one of this task's) from now on in place of the current version. */
    public void makeCurrent(TaskVersion version) {
        if (!version.task.id.equals(id)) {
            throw new IllegalArgumentException("version " + version.id + " belongs to another task");
        }
        currentVersion = version;
        updatedAt = Instant.now();
    }

    /** What a data import does to a task: the version it prepares and whether that version was created for it. */
    public record ImportTarget(TaskVersion version, boolean created) {
    }

    /**
     * The version a data import writes to: the current version while it was never offered (its earlier data, if any,
     * is replaced); otherwise, since an offered version's data is immutable, the waiting {@link #candidate()} or a new
     * draft version of the current definition with the next number.
     */
    public ImportTarget versionForImport() {
        if (currentVersion == null) {
            throw new IllegalStateException("task " + slug + " has no version");
        }
        if (!currentVersion.dataFrozen()) {
            return new ImportTarget(currentVersion, false);
        }
        Optional<TaskVersion> waiting = candidate();
        if (waiting.isPresent()) {
            return new ImportTarget(waiting.get(), false);
        }
        Integer last = TaskVersion.find("select max(v.number) from TaskVersion v where v.task = ?1", this)
                .project(Integer.class).firstResult();
        updatedAt = Instant.now();
        return new ImportTarget(TaskVersion.successor(currentVersion, last + 1), true);
    }
}
