package org.rayport.pacsupload.internal;

import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.spi.PersistenceProvider;
import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rayport.persistence.SchemaMigrator;
import org.rayport.persistence.Transactions;

/**
 * The queue's table: migrated by Flyway ({@code db/pacsupload} plus the vendor's index script, history in
 * {@code flyway_pacsupload_history}), then mapped by an entity manager factory of Hibernate's OSGi provider.
 */
@Component(service = UploadDatabase.class)
public class UploadDatabase {

    static final String PERSISTENCE_UNIT = "rayport-pacs-upload";

    private final Transactions transactions;

    @Activate
    public UploadDatabase(
            @Reference(target = "(javax.persistence.provider=org.hibernate.jpa.HibernatePersistenceProvider)")
            PersistenceProvider hibernate,
            @Reference(target = "(dataSourceName=rayport)") DataSource dataSource) {
        SchemaMigrator.forFeature("pacsupload", UploadDatabase.class.getClassLoader()).withVendorScripts()
                .migrate(dataSource);
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
