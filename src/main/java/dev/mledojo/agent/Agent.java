package dev.mledojo.agent;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import dev.mledojo.db.AdvisoryLock;
import io.quarkus.hibernate.orm.panache.PanacheEntity;

/** An agent registered by a submitter: a name, a kind and a visibility; its behaviour lives in versions. */
@Entity
@Table(name = "agent")
public class Agent extends PanacheEntity {

    @Column(nullable = false, updatable = false)
    public String owner;

    @Column(nullable = false, updatable = false)
    public String name;

    /** {@code baseline}, {@code scaffold} or {@code external}. */
    @Column(nullable = false, updatable = false)
    public String kind;

    /** {@code public} (on the public leaderboard) or {@code private}. */
    @Column(nullable = false)
    public String visibility;

    public String description;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** The second key of the advisory lock on an owner's agent name. */
    private static final int NAME_LOCK_SPACE = 7414;

    public static Optional<Agent> find(String owner, String name) {
        return find("owner = ?1 and name = ?2", owner, name).firstResultOptional();
    }

    /**
     * Until the transaction ends, other creations of the owner's agent of this name wait here (on any replica), then
     * find it: one is created, the others are told it exists.
     */
    public static void lockName(String owner, String name) {
        AdvisoryLock.hold(getEntityManager(), "agent:" + owner + "/" + name, NAME_LOCK_SPACE);
    }

    /** Until the transaction ends, other additions of a version to this agent wait here: they are numbered in turn. */
    public void lockVersions() {
        getEntityManager().lock(this, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The number the next version will get. */
    public int nextVersionNumber() {
        Integer last = AgentVersion.find("select max(v.number) from AgentVersion v where v.agent = ?1", this)
                .project(Integer.class).firstResult();
        return last == null ? 1 : last + 1;
    }

    /** Adds a version with this config; versions are immutable once created. */
    public AgentVersion addVersion(java.util.Map<String, Object> config) {
        AgentVersion v = new AgentVersion();
        v.agent = this;
        v.number = nextVersionNumber();
        v.config = java.util.Map.copyOf(config);
        v.createdAt = Instant.now();
        v.persist();
        return v;
    }

    public boolean isPublic() {
        return "public".equals(visibility);
    }
}
