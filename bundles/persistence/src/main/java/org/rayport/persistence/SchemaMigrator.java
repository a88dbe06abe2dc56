package org.rayport.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one feature's tables to the newest version (or to a given one) with Flyway before anything reads them.
 * <p>
 * Every feature keeps its scripts under {@code db/<feature>} in its own bundle and its history in its own table
 * {@code flyway_<feature>_history}, so that the bundles evolve their schemas independently in one database schema.
 * A feature whose scripts must differ per database also reads {@code db/<feature>-h2} or
 * {@code db/<feature>-postgresql} ({@link #withVendorScripts()}). Flyway itself does the work; this class only fixes
 * the conventions, which were copied into each bundle before.
 * <p>
 * Immutable: the {@code with...} methods return a new migrator.
 */
public final class SchemaMigrator {

    private final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private final String feature;
    private final ClassLoader scripts;
    private final boolean vendorScripts;
    private final String target;

    private SchemaMigrator(String feature, ClassLoader scripts, boolean vendorScripts, String target) {
        this.feature = feature;
        this.scripts = scripts;
        this.vendorScripts = vendorScripts;
        this.target = target;
    }

    /**
     * @param feature names the scripts' folder {@code db/<feature>} and the history table
     * @param scripts the class loader that sees the scripts: the feature bundle's own
     */
    public static SchemaMigrator forFeature(String feature, ClassLoader scripts) {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(scripts, "scripts");
        if (!feature.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Feature name '" + feature
                    + "' must be lower-case letters, digits and '_' (it names a table)");
        }
        return new SchemaMigrator(feature, scripts, false, null);
    }

    /** Also runs the scripts in {@code db/<feature>-h2} or {@code db/<feature>-postgresql}, by the database's kind. */
    public SchemaMigrator withVendorScripts() {
        return new SchemaMigrator(feature, scripts, true, target);
    }

    /** Stops at {@code version} instead of the newest: upgrade tests start from an older schema. */
    public SchemaMigrator upTo(String version) {
        return new SchemaMigrator(feature, scripts, vendorScripts, Objects.requireNonNull(version, "version"));
    }

    public String historyTable() {
        return "flyway_" + feature + "_history";
    }

    public MigrateResult migrate(DataSource dataSource) {
        List<String> locations = new ArrayList<>(List.of("classpath:db/" + feature));
        if (vendorScripts) {
            locations.add("classpath:db/" + feature + "-" + vendorOf(dataSource));
        }
        FluentConfiguration configuration = Flyway.configure(scripts)
                .dataSource(dataSource)
                .locations(locations.toArray(new String[0]))
                .table(historyTable())
                // Features share one schema, each with its own history table: another feature's tables must not stop
                // this one's first migration. Baseline 0 keeps every script of this feature, V1 included, to be run.
                .baselineOnMigrate(true)
                .baselineVersion("0");
        if (target != null) {
            configuration.target(target);
        }
        MigrateResult result = configuration.load().migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Schema of '{}' migrated from version {} to {} ({} steps)", feature,
                    result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
        }
        return result;
    }

    private String vendorOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("h2")) {
                return "h2";
            }
            if (product.contains("postgres")) {
                return "postgresql";
            }
            throw new IllegalStateException("Feature '" + feature + "' supports H2 and PostgreSQL, not " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database: " + e.getMessage(), e);
        }
    }
}
