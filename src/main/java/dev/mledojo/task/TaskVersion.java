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
 * One immutable version of a task, identified by the content hash of its folder, with the state of its prepared
 * data. Only the data columns change after creation.
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

    public void startPreparing() {
        status = TaskStatus.PREPARING;
        dataStatus = DataStatus.PREPARING;
        dataError = null;
    }

    /** Data is in place: the version becomes ready (and from now on immutable). */
    public void prepared(List<DataFile> files) {
        dataFiles = List.copyOf(files);
        dataStatus = DataStatus.READY;
        dataError = null;
        preparedAt = Instant.now();
        status = TaskStatus.READY;
    }

    /**
     * Data prepared by an admin: recorded with its review; the version stays a draft until an admin activates it,
     * which needs every review check to pass.
     */
    public void importedData(List<DataFile> files, List<dev.mledojo.task.ReviewCheck> checks, String admin) {
        dataFiles = List.copyOf(files);
        dataStatus = DataStatus.READY;
        dataError = null;
        preparedAt = Instant.now();
        preparedBy = admin;
        review = List.copyOf(checks);
        status = TaskStatus.DRAFT;
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
