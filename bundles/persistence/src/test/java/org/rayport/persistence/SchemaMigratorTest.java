package org.rayport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.flywaydb.core.api.output.MigrateResult;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestName;

public class SchemaMigratorTest {

    @Rule
    public final TestName test = new TestName();

    private final ClassLoader scripts = SchemaMigratorTest.class.getClassLoader();

    @Test
    public void runsTheFeaturesScriptsIntoItsOwnHistoryTable() throws Exception {
        try (H2Database db = new H2Database(test.getMethodName())) {
            MigrateResult result = SchemaMigrator.forFeature("sample", scripts).migrate(db.dataSource);

            assertEquals(2, result.migrationsExecuted);
            assertEquals("2", result.targetSchemaVersion);
            assertTrue(db.tables().contains("sample_note"));
            assertTrue(db.tables().contains("flyway_sample_history"));
            assertFalse("vendor scripts only when asked for", db.indexes("sample_note").contains("sample_note_text"));
        }
    }

    @Test
    public void vendorScriptsFollowTheDatabaseKind() throws Exception {
        try (H2Database db = new H2Database(test.getMethodName())) {
            MigrateResult result = SchemaMigrator.forFeature("sample", scripts).withVendorScripts()
                    .migrate(db.dataSource);

            assertEquals(3, result.migrationsExecuted);
            assertTrue(db.indexes("sample_note").contains("sample_note_text"));
        }
    }

    @Test
    public void stopsAtTheTargetAndGoesOnFromThereLater() throws Exception {
        try (H2Database db = new H2Database(test.getMethodName())) {
            SchemaMigrator migrator = SchemaMigrator.forFeature("sample", scripts);
            MigrateResult first = migrator.upTo("1").migrate(db.dataSource);
            MigrateResult rest = migrator.migrate(db.dataSource);
            MigrateResult again = migrator.migrate(db.dataSource);

            assertEquals(1, first.migrationsExecuted);
            assertEquals("1", first.targetSchemaVersion);
            assertEquals(1, rest.migrationsExecuted);
            assertEquals("2", rest.targetSchemaVersion);
            assertEquals(0, again.migrationsExecuted);
        }
    }

    @Test
    public void anotherFeaturesTablesDoNotStopTheFirstMigration() throws Exception {
        try (H2Database db = new H2Database(test.getMethodName())) {
            SchemaMigrator.forFeature("other", scripts).migrate(db.dataSource);

            MigrateResult sample = SchemaMigrator.forFeature("sample", scripts).migrate(db.dataSource);

            assertEquals("baseline 0 lets V1 run too", 2, sample.migrationsExecuted);
            assertTrue(db.tables().contains("flyway_other_history"));
            assertTrue(db.tables().contains("flyway_sample_history"));
        }
    }

    @Test
    public void rejectsAFeatureNameThatCannotNameATable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchemaMigrator.forFeature("drop table;", scripts));
        assertTrue(e.getMessage(), e.getMessage().contains("drop table;"));
    }
}
