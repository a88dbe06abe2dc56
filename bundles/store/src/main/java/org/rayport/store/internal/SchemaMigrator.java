package org.rayport.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the index tables to the newest version with Flyway before Hibernate looks at them: the common scripts in
 * {@code db/store}, and the few that must differ per database (index operator classes) in {@code db/store-h2} or
 * {@code db/store-postgresql}, all in one history table {@code flyway_store_history}.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    static MigrateResult migrate(DataSource dataSource, ClassLoader scripts) {
        String vendor = vendorOf(dataSource);
        MigrateResult result = Flyway.configure(scripts)
                .dataSource(dataSource)
                .locations("classpath:db/store", "classpath:db/store-" + vendor)
                .table("flyway_store_history")
                .baselineOnMigrate(false)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Schema of 'store' migrated from version {} to {} ({} steps)", result.initialSchemaVersion,
                    result.targetSchemaVersion, result.migrationsExecuted);
        }
        return result;
    }

    private static String vendorOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("h2")) {
                return "h2";
            }
            if (product.contains("postgres")) {
                return "postgresql";
            }
            throw new IllegalStateException("The store supports H2 and PostgreSQL, not " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database: " + e.getMessage(), e);
        }
    }
}
