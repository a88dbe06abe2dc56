package org.rayport.inbox.internal;

import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.spi.PersistenceProvider;
import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rayport.people.PeopleService;
import org.rayport.persistence.SchemaMigrator;
import org.rayport.persistence.Transactions;

/**
 * The inbox table: migrated first (Flyway {@code db/inbox}, its own history table), then mapped by an entity manager
 * factory from Hibernate's OSGi persistence provider.
 * <p>
 * It waits for the people service because the people bundle's migration refuses a schema that holds tables but not
 * its own history: were the inbox table created first, the people store would not start.
 */
@Component(service = InboxDatabase.class)
public class InboxDatabase {

    static final String PERSISTENCE_UNIT = "rayport-inbox";

    private final Transactions transactions;

    @Activate
    public InboxDatabase(
            @Reference(target = "(javax.persistence.provider=org.hibernate.jpa.HibernatePersistenceProvider)")
            PersistenceProvider hibernate,
            @Reference(target = "(dataSourceName=rayport)") DataSource dataSource,
            @Reference PeopleService peopleMigratedFirst) {
        SchemaMigrator.forFeature("inbox", InboxDatabase.class.getClassLoader()).migrate(dataSource);
        this.transactions = Transactions.open(hibernate, PERSISTENCE_UNIT, dataSource);
    }

    @Deactivate
    void close() {
        transactions.close();
    }

    /** Commits on return, rolls back on any exception. */
    <T> T inTransaction(Function<EntityManager, T> work) {
        return transactions.inTransaction(work);
    }
}
