package dev.mledojo.scheduling;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.mledojo.agent.AgentVersion;
import io.quarkus.hibernate.orm.panache.PanacheEntity;

/** An agent version submitted against a suite of tasks × seeds with budgets: one episode per (task, seed). */
@Entity
@Table(name = "submission")
public class Submission extends PanacheEntity {

    @Column(nullable = false, updatable = false)
    public String owner;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "agent_version_id")
    public AgentVersion agentVersion;

    /** The task ids the suite resolved to when submitted. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    public List<String> suite;

    @Column(nullable = false, updatable = false)
    public int seeds;

    @Column(name = "max_steps", nullable = false, updatable = false)
    public int maxSteps;

    @Column(name = "wall_time_s", updatable = false)
    public Integer wallTimeSeconds;

    /** LLM budget per episode through the gateway: tokens (prompt + completion) and cost; null = unlimited. */
    @Column(name = "max_tokens", updatable = false)
    public Long maxTokens;

    @Column(name = "max_cost", updatable = false)
    public Double maxCost;

    @Column(nullable = false)
    public int priority;

    @Column(name = "idempotency_key", updatable = false)
    public String idempotencyKey;

    /** {@code active} or {@code cancelled}. */
    @Column(nullable = false)
    public String state;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;
}
