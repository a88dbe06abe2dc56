package org.rayport.persistence;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.spi.PersistenceProvider;
import javax.sql.DataSource;

/**
 * One resource-local transaction per call: commit on return, roll back on any exception.
 * <p>
 * The features build their entity manager factories themselves from Hibernate's persistence provider (no JTA, no
 * container-managed entity managers), so they demarcate transactions by hand; this is that code, once. Aries JPA's
 * {@code JpaTemplate} would need a persistence unit managed by Aries, which the features do not use.
 */
public final class Transactions implements AutoCloseable {

    private final EntityManagerFactory factory;

    /**
     * Transactions on a feature's own persistence unit, over the shared data source, with an entity manager factory
     * made here from the provider (so that it sees the calling bundle's persistence.xml); {@link #close} closes it.
     */
    public static Transactions open(PersistenceProvider provider, String persistenceUnit, DataSource dataSource) {
        return new Transactions(provider.createEntityManagerFactory(persistenceUnit,
                Map.of("javax.persistence.nonJtaDataSource", dataSource)));
    }

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

    /** Closes the entity manager factory. */
    @Override
    public void close() {
        factory.close();
    }
}
