package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * PostgreSQL by configuration alone: the administrator writes the data source file and the same distribution runs
 * on a real PostgreSQL server, schema created by the server's own migrations, data kept across a restart.
 */
public class PostgresDistributionIT {

    private static final String ADMIN_PASSWORD = "Pg-Admin-Pass-1";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void runsOnPostgresqlWithOnlyTheDataSourceFileChanged() throws Exception {
        String url = System.getProperty("rayport.test.pg.url", "");
        String user = System.getProperty("rayport.test.pg.user", "");
        String password = System.getProperty("rayport.test.pg.password", "");
        if (url.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must provide PostgreSQL: rayport.test.pg.url is not set (./rayport test starts one)");
            }
            assumeTrue("no PostgreSQL configured (run ./rayport test)", false);
        }
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
        }
        // The administrator's own file under RAYPORT_HOME/etc wins over the distribution's H2 default.
        Path home = folder.newFolder("home").toPath();
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.ops4j.datasource-rayport.cfg"), String.join("\n",
                "osgi.jdbc.driver.name = PostgreSQL JDBC Driver",
                "dataSourceName = rayport",
                "url = " + url,
                "user = " + user,
                "password = " + password,
                "pool = dbcp2",
                "xa = false",
                ""));

        try (RayportServer server = new RayportServer(home).start()) {
            String token = server.api().firstAdminLogin(home, ADMIN_PASSWORD);
            assertEquals(201, server.api().post("/api/v1/admin/users", token,
                    "{\"id\":\"pg.user\",\"name\":\"Stored In PostgreSQL\",\"password\":\"Pg-User-Pass-1\"}").status());
            server.stop();
            server.start();
            String again = server.api().login("admin", ADMIN_PASSWORD);
            assertEquals("Stored In PostgreSQL", server.api().get("/api/v1/admin/users/pg.user", again)
                    .json().get("name").asText());
        }
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM rp_user WHERE id = 'pg.user'")) {
            assertEquals(true, rows.next());
            assertEquals("Stored In PostgreSQL", rows.getString(1));
        }
        assertFalse("no H2 database was created", Files.exists(home.resolve("db")));
    }
}
