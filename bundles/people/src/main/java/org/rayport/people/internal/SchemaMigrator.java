package org.rayport.people.internal;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a feature's tables to the newest version with Flyway before anything reads them. Each feature keeps its
 * scripts under {@code db/<feature>} and its own history table, so bundles evolve their schemas independently.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    static MigrateResult migrate(DataSource dataSource, String feature, ClassLoader scripts) {
        return migrate(dataSource, feature, scripts, null);
    }

    /** @param target the version to stop at, or null for the newest; older targets serve upgrade tests */
    static MigrateResult migrate(DataSource dataSource, String feature, ClassLoader scripts, String target) {
        var configuration = Flyway.configure(scripts)
                .dataSource(dataSource)
                .locations("classpath:db/" + feature)
                .table("flyway_" + feature + "_history")
                // Features share one schema, each with its own history table: another feature's tables must not stop
                // this one's first migration. Baseline 0 keeps every script of this feature, V1 included, to be run.
                .baselineOnMigrate(true)
                .baselineVersion("0");
        if (target != null) {
            configuration.target(target);
        }
        MigrateResult result = configuration.load().migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Schema of '{}' migrated from version {} to {} ({} steps)", feature,
                    result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
        }
        return result;
    }
}
