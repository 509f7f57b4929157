package dev.mledojo.db;

import jakarta.persistence.EntityManager;

/**
 * PostgreSQL's transaction-scoped advisory lock on a text key: callers that take the same key, on any replica, run one
 * after the other until the transaction ends. Two keys may share a hash; that only makes them wait for each other.
 */
public final class AdvisoryLock {

    private AdvisoryLock() {
    }

    /**
     * @param key what is locked, e.g. {@code task:titanic}
     * @param space the lock's second key, separating features whose keys could look alike
     */
    public static void hold(EntityManager em, String key, int space) {
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext(cast(?1 as text)), ?2)) locked")
                .setParameter(1, key).setParameter(2, space).getSingleResult();
    }
}
