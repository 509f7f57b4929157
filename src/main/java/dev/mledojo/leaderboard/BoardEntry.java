package dev.mledojo.leaderboard;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The board's projection of one agent version on one task: its counted runs (finished episodes, and failures that are
 * the agent's, at HumanRank 0; infrastructure failures are retried and not counted) and their summary. Written only by
 * {@link BoardProjector} (an upsert), read by the boards.
 */
@Entity
@Table(name = "board_entry")
public class BoardEntry extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "agent_version_id", nullable = false)
    public long agentVersionId;

    @Column(name = "task_slug", nullable = false)
    public String taskSlug;

    @Column(nullable = false)
    public String domain;

    @Column(nullable = false)
    public int episodes;

    @Column(nullable = false)
    public int valid;

    @Column(name = "human_rank_mean", nullable = false)
    public double humanRankMean;

    @Column(name = "final_score_mean")
    public Double finalScoreMean;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Runs runs;

    /** The board version (a global sequence) that last changed this entry. */
    @Column(nullable = false)
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * One counted run: its HumanRank (0 when the agent failed), validity, final-part raw score, medal ({@code gold},
     * {@code silver}, {@code bronze} or null), whether it beat the human median, and its effort (steps, LLM tokens and
     * cost, wall time). Fields after {@code finalScore} are null in entries projected before they existed.
     */
    public record Run(String episode, long seed, double humanRank, boolean valid, Double finalScore, String medal,
            Boolean aboveMedian, Integer steps, Long tokens, Double cost, Long wallSeconds) {
    }

    /** The runs, in seed order. */
    public record Runs(List<Run> runs) {
    }
}
