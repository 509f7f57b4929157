package dev.mledojo.task;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/**
 * One version of a task: the definition (content hash of its folder) and the prepared data it is graded on (data hash
 * of its files). Only the data columns change after creation, and only until the version is first activated: the
 * data of a READY (or retired) version is never replaced; new data makes a new version (see {@link Task#versionForImport}).
 */
@Entity
@Table(name = "task_version")
public class TaskVersion extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "task_id")
    public Task task;

    @Column(nullable = false)
    public int number;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String domain;

    /** Comma-framed tags (",a,b,") so that a tag filter is a simple LIKE. */
    @Column(nullable = false)
    public String tags;

    @Column(nullable = false)
    public String summary;

    @Column(name = "metric_id", nullable = false)
    public String metricId;

    @Column(name = "higher_is_better", nullable = false)
    public boolean higherIsBetter;

    @Column(name = "data_source", nullable = false)
    public String dataSource;

    @Column(name = "board_kind", nullable = false)
    public String boardKind;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public TaskDefinition definition;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "data_status", nullable = false)
    public DataStatus dataStatus;

    @Column(name = "data_error")
    public String dataError;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "data_files", columnDefinition = "jsonb")
    public List<DataFile> dataFiles;

    @Column(name = "prepared_at")
    public Instant preparedAt;

    /** SHA-256 of the prepared data ({@link DataHash}); null before preparation (and for old rows until backfilled). */
    @Column(name = "data_hash")
    public String dataHash;

    /** Where the prepared data lives, relative to {@code dojo.data-dir}; null = the legacy {@code tasks/<task>/<hash16>}. */
    @Column(name = "data_dir")
    public String dataDir;

    /** The checks of the last review of prepared data (null for generated tasks, which need none). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public List<dev.mledojo.task.ReviewCheck> review;

    @Column(name = "prepared_by")
    public String preparedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static TaskVersion create(Task task, int number, TaskDefinition d) {
        TaskVersion v = new TaskVersion();
        v.task = task;
        v.number = number;
        v.contentHash = d.contentHash();
        v.title = d.title();
        v.domain = d.domain().wireName();
        v.tags = "," + String.join(",", d.tags()) + ",";
        v.summary = d.summary();
        v.metricId = d.metricId();
        v.higherIsBetter = d.higherIsBetter();
        v.dataSource = d.data().source();
        v.boardKind = d.leaderboard().kind();
        v.definition = d;
        v.status = TaskStatus.DRAFT;
        v.dataStatus = DataStatus.MISSING;
        v.createdAt = Instant.now();
        v.persist();
        return v;
    }

    /** A new draft version of the same definition, for new data (this one's data stays as it is). */
    static TaskVersion successor(TaskVersion of, int number) {
        return create(of.task, number, of.definition);
    }

    /** Whether this version was ever offered: its data is then immutable (results and episodes name it). */
    public boolean dataFrozen() {
        return status == TaskStatus.READY || status == TaskStatus.RETIRED;
    }

    public void startPreparing() {
        status = TaskStatus.PREPARING;
        dataStatus = DataStatus.PREPARING;
        dataError = null;
    }

    /** Data is in place: the version becomes ready (and from now on immutable). */
    public void prepared(StoredData data) {
        requireMutableData();
        stored(data);
        dataStatus = DataStatus.READY;
        dataError = null;
        preparedAt = Instant.now();
        status = TaskStatus.READY;
    }

    /**
     * Data prepared by an admin: recorded with its review; the version stays a draft until an admin activates it,
     * which needs every review check to pass.
     */
    public void importedData(StoredData data, List<dev.mledojo.task.ReviewCheck> checks, String admin) {
        requireMutableData();
        stored(data);
        dataStatus = DataStatus.READY;
        dataError = null;
        preparedAt = Instant.now();
        preparedBy = admin;
        review = List.copyOf(checks);
        status = TaskStatus.DRAFT;
    }

    /** Records the data hash of data prepared before data hashes existed, where it already is. */
    public void backfillDataHash(String hash, String dir) {
        if (dataHash == null) {
            dataHash = hash;
            dataDir = dir;
        }
    }

    private void stored(StoredData data) {
        dataFiles = List.copyOf(data.files());
        dataHash = data.dataHash();
        dataDir = data.dir();
    }

    private void requireMutableData() {
        if (dataFrozen()) {
            throw new IllegalStateException("task " + task.slug + " v" + number + " is " + status.wireName()
                    + ": its data is immutable; new data makes a new version");
        }
    }

    public boolean reviewPassed() {
        return review == null || review.stream().allMatch(dev.mledojo.task.ReviewCheck::passed);
    }

    public void preparationFailed(String error) {
        dataStatus = DataStatus.FAILED;
        dataError = error.length() > 4000 ? error.substring(0, 4000) : error;
        status = TaskStatus.DRAFT;
    }

    public List<String> tagList() {
        return definition.tags();
    }

    public boolean ready() {
        return status == TaskStatus.READY;
    }
}
