package org.rayport.persistence;

import java.util.Objects;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

/**
 * One resource-local transaction per call: commit on return, roll back on any exception.
 * <p>
 * The features build their entity manager factories themselves from Hibernate's persistence provider (no JTA, no
 * container-managed entity managers), so they demarcate transactions by hand; this is that code, once. Aries JPA's
 * {@code JpaTemplate} would need a persistence unit managed by Aries, which the features do not use.
 */
public final class Transactions {

    private final EntityManagerFactory factory;

    public Transactions(EntityManagerFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** Runs {@code work} in a new entity manager and transaction, and returns what it returns. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
        }
    }
}
