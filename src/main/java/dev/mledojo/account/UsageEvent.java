package dev.mledojo.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.mledojo.error.Text;
import io.quarkus.hibernate.orm.panache.PanacheEntity;

/** One use of a metered resource (an episode, a grading call); refunded when the platform caused a failure. */
@Entity
@Table(name = "usage_event")
public class UsageEvent extends PanacheEntity {

    @Column(name = "user_id", nullable = false, updatable = false)
    public long userId;

    @Column(nullable = false, updatable = false)
    public String kind;

    /** What the use was about (an episode id, a task id as the caller named it), at most {@link #MAX_REF} chars. */
    public String ref;

    static final int MAX_REF = 100;

    @Column(nullable = false, updatable = false)
    public Instant at;

    @Column(nullable = false)
    public boolean refunded;

    public static long countSince(long userId, String kind, Instant since) {
        return count("userId = ?1 and kind = ?2 and at >= ?3 and refunded = false", userId, kind, since);
    }

    public static UsageEvent record(long userId, String kind, String ref) {
        UsageEvent e = new UsageEvent();
        e.userId = userId;
        e.kind = kind;
        // a caller's name for a task can be anything (the grading call counts before the task is looked up)
        String storable = Text.storable(ref);
        e.ref = storable == null || storable.length() <= MAX_REF ? storable : storable.substring(0, MAX_REF);
        e.at = Instant.now();
        e.persist();
        return e;
    }

    public void refund() {
        refunded = true;
    }
}
