package dev.mledojo.episode;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.mledojo.grading.GradeReport;
import io.quarkus.hibernate.orm.panache.PanacheEntity;

/**
 * A submission graded during an episode, with its full report. The report holds final-part scores: it is read only
 * to compute the episode's result, never shown to the agent while the episode runs.
 */
@Entity
@Table(name = "episode_submission")
public class EpisodeSubmission extends PanacheEntity {

    @Column(name = "episode_id", nullable = false, updatable = false)
    public String episodeId;

    @Column(nullable = false, updatable = false)
    public int number;

    @Column(name = "step_number", nullable = false, updatable = false)
    public int stepNumber;

    @Column(name = "file_path", nullable = false, updatable = false)
    public String filePath;

    @Column(nullable = false, updatable = false)
    public boolean valid;

    @Column(name = "error_kind", updatable = false)
    public String errorKind;

    @Column(name = "feedback_score", updatable = false)
    public Double feedbackScore;

    @Column(name = "feedback_rank", updatable = false)
    public Double feedbackRank;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false, columnDefinition = "jsonb")
    public GradeReport report;

    @Column(nullable = false, updatable = false)
    public String code;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
