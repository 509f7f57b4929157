package dev.mledojo.episode;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.mledojo.gym.StepView;
import io.quarkus.hibernate.orm.panache.PanacheEntity;

/** One step of an episode's environment history; appended once, never rewritten. */
@Entity
@Table(name = "episode_step")
public class EpisodeStep extends PanacheEntity {

    @Column(name = "episode_id", nullable = false, updatable = false)
    public String episodeId;

    @Column(nullable = false, updatable = false)
    public int number;

    @Column(nullable = false, updatable = false)
    public String action;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    public Map<String, Object> params;

    @Column(nullable = false, updatable = false)
    public String status;

    @Column(name = "error_kind", updatable = false)
    public String errorKind;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    public Map<String, Object> result;

    @Column(nullable = false, updatable = false)
    public String feedback;

    @Column(updatable = false)
    public Double reward;

    @Column(nullable = false, updatable = false)
    public boolean done;

    @Column(name = "started_at", nullable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "duration_ms", nullable = false, updatable = false)
    public long durationMs;

    public StepView view() {
        return new StepView(number, action, params, status, errorKind, result, feedback, reward, done, startedAt, durationMs);
    }

    public static java.util.List<EpisodeStep> of(String episodeId) {
        return list("episodeId = ?1 order by number", episodeId);
    }
}
