package org.rayport.devices.internal;

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
 * The devices feature's tables: migrated first, then mapped by an entity manager factory built here from Hibernate's
 * OSGi persistence provider (so that it sees this bundle's persistence.xml and classes). Shared by the device and the
 * two-factor service of this bundle; one resource-local transaction per {@link #inTransaction} call.
 * <p>
 * It waits for the people service, whose users the devices belong to, also because the people bundle's migration
 * refuses a schema that holds tables but not its own history ({@code baselineOnMigrate=false}): were the devices
 * tables created first, the people store would not start.
 */
@Component(service = DevicesDatabase.class)
public class DevicesDatabase {

    static final String PERSISTENCE_UNIT = "rayport-devices";

    private final Transactions transactions;

    @Activate
    public DevicesDatabase(
            @Reference(target = "(javax.persistence.provider=org.hibernate.jpa.HibernatePersistenceProvider)")
            PersistenceProvider hibernate,
            @Reference(target = "(dataSourceName=rayport)") DataSource dataSource,
            @Reference PeopleService peopleMigratedFirst) {
        SchemaMigrator.forFeature("devices", DevicesDatabase.class.getClassLoader()).migrate(dataSource);
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
