package org.rayport.devices.internal;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the devices feature's tables to the newest version with Flyway before anything reads them: scripts under
 * {@code db/devices}, history in {@code flyway_devices_history}, as every feature keeps its own (see the people bundle).
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    static MigrateResult migrate(DataSource dataSource, ClassLoader scripts) {
        MigrateResult result = Flyway.configure(scripts)
                .dataSource(dataSource)
                .locations("classpath:db/devices")
                .table("flyway_devices_history")
                // The schema holds other features' tables already: Flyway must not take it for a foreign database.
                // Baseline 0 lies below V1, so every script of this feature still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Schema of 'devices' migrated from version {} to {} ({} steps)",
                    result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
        }
        return result;
    }
}
