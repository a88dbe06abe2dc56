package org.rayport.testing;

import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The two databases Rayport supports, each emptied for every test: H2 in a new directory, PostgreSQL (given by
 * system properties) by re-creating its public schema.
 * <p>
 * One copy for every bundle with tables (people, devices, store), so that all of them test both databases the same
 * way and a change of the test setup (a property, the CI rule) is made once.
 */
public enum TestDatabase {

    H2 {
        @Override
        public DataSource empty(Path directory) {
            JdbcDataSource h2 = new JdbcDataSource();
            // As the distribution configures it (etc/org.ops4j.datasource-rayport.cfg), in file mode. There its
            // connection pool keeps the database open; without one H2 would reopen the files for every transaction
            // (a quarter of a second each), so here it stays open until close().
            h2.setURL("jdbc:h2:file:" + directory.resolve("db/rayport") + ";DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1");
            h2.setUser("sa");
            h2.setPassword("");
            return h2;
        }

        @Override
        public void close(DataSource dataSource) throws SQLException {
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        }
    },

    POSTGRESQL {
        @Override
        public DataSource empty(Path directory) throws SQLException {
            String url = property("rayport.test.pg.url");
            if (url == null) {
                if ("true".equals(System.getenv("CI"))) {
                    fail("CI=true but no PostgreSQL for the tests: set -Drayport.test.pg.url, .user and .password"
                            + " (scripts/test-postgres.sh start; eval \"$(scripts/test-postgres.sh env)\")");
                }
                assumeTrue("PostgreSQL tests skipped: -Drayport.test.pg.url is not set", false);
            }
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            postgres.setUser(property("rayport.test.pg.user"));
            postgres.setPassword(property("rayport.test.pg.password"));
            try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA public CASCADE");
                statement.execute("CREATE SCHEMA public");
            }
            return postgres;
        }
    };

    static {
        // Hibernate would otherwise log its start-up through java.util.logging, some ten lines for every test; slf4j
        // has no binding in the tests and keeps it quiet. Set before any Hibernate class creates its logger.
        System.setProperty("org.jboss.logging.provider", "slf4j");
    }

    /** A data source over a database without any tables; {@code directory} is private to the test. */
    public abstract DataSource empty(Path directory) throws SQLException;

    /** Releases what {@link #empty} holds open; the data in the database stays. */
    public void close(DataSource dataSource) throws SQLException {
    }

    public static List<Object[]> parameters() {
        return List.of(new Object[] {H2}, new Object[] {POSTGRESQL});
    }

    /** Null when unset; surefire passes an unset Maven property on as its literal ${...} expression. */
    private static String property(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? null : value;
    }
}
