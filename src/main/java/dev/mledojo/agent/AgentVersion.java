package dev.mledojo.agent;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntity;

/** One immutable configuration of an agent (e.g. which baseline, which model and settings). */
@Entity
@Table(name = "agent_version")
public class AgentVersion extends PanacheEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "agent_id")
    public Agent agent;

    @Column(nullable = false, updatable = false)
    public int number;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false, columnDefinition = "jsonb")
    public Map<String, Object> config;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** The secret-store name of a version's API key (derived, so that a config cannot point at other secrets). */
    public static String apiKeySecretName(long agentId, int versionNumber) {
        return "agent." + agentId + ".v" + versionNumber + ".api-key";
    }
}
