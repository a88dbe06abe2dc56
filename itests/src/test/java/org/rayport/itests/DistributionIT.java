package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The whole server as an administrator installs it: started from the unpacked distribution with no Maven repository
 * to fall back on, its data kept under RAYPORT_HOME across restarts, several servers side by side.
 */
public class DistributionIT {

    private static final String ADMIN_PASSWORD = "Dist-Admin-Pass-1";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void bootsOfflineAndKeepsItsDataOutsideTheDistributionAcrossRestarts() throws Exception {
        Path home = folder.newFolder("home").toPath();
        try (RayportServer server = new RayportServer(home).start()) {
            String token = server.api().firstAdminLogin(home, ADMIN_PASSWORD);
            assertEquals(201, server.api().post("/api/v1/admin/users", token,
                    "{\"id\":\"kept\",\"name\":\"Kept Across Restarts\",\"password\":\"Kept-Pass-123\"}").status());
            assertEquals(200, server.api().getWithBasicAuth("/system/console/rayport-status", "admin", ADMIN_PASSWORD)
                    .status());
            // The pools API comes up with its bundle, which may be a moment after the first login is possible.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
            while (server.api().get("/api/v1/admin/pools", token).status() == 404 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Api.Reply pool = server.api().post("/api/v1/admin/pools", token, "{\"id\":\"kept-pool\","
                    + "\"type\":\"folder\",\"directory\":\"/srv/import\",\"retentionDays\":3}");
            assertEquals(pool.body(), 201, pool.status());
            server.stop();
            // What bin/setenv does when the distribution changes (an update): the Karaf cache goes, data must stay.
            deleteRecursively(home.resolve("karaf-data"));

            server.start();
            String again = server.api().login("admin", ADMIN_PASSWORD);
            Api.Reply kept = server.api().get("/api/v1/admin/users/kept", again);
            assertEquals(kept.body(), 200, kept.status());
            assertEquals("Kept Across Restarts", kept.json().get("name").asText());
            Api.Reply keptPool = server.api().get("/api/v1/admin/pools/kept-pool", again);
            assertEquals(keptPool.body(), 200, keptPool.status());
            assertEquals(3, keptPool.json().get("retentionDays").asDouble(), 0);
            assertEquals("RAYPORT_DICOM_PORT sets the default pool's port", server.dicomPort,
                    server.api().get("/api/v1/admin/pools/default", again).json().get("port").asInt());
        }
        assertTrue("database under RAYPORT_HOME", Files.isDirectory(home.resolve("db")));
        assertTrue("log under RAYPORT_HOME", Files.exists(home.resolve("log/karaf.log")));
        try (var files = Files.walk(RayportServer.distribution())) {
            assertFalse("no database inside the distribution",
                    files.anyMatch(p -> p.getFileName().toString().endsWith(".mv.db")));
        }
        String log = Files.readString(home.resolve("log/karaf.log"));
        assertFalse("passwords never reach the log", log.contains(ADMIN_PASSWORD) || log.contains("Kept-Pass-123"));
        assertTrue(log.contains("initial password is in " + home.resolve("initial-admin-password")));
    }

    private static void deleteRecursively(Path directory) throws java.io.IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    public void twoServersRunSideBySideFromOneDistribution() throws Exception {
        Path first = folder.newFolder("first").toPath();
        Path second = folder.newFolder("second").toPath();
        try (RayportServer a = new RayportServer(first).start(); RayportServer b = new RayportServer(second).start()) {
            assertTrue(a.api().healthy());
            assertTrue(b.api().healthy());
            String tokenA = a.api().firstAdminLogin(first, ADMIN_PASSWORD);
            assertEquals(201, a.api().post("/api/v1/admin/users", tokenA,
                    "{\"id\":\"only-in-a\",\"password\":\"Only-In-A-1\"}").status());
            String tokenB = b.api().firstAdminLogin(second, ADMIN_PASSWORD);
            assertEquals("each server has its own data", 404,
                    b.api().get("/api/v1/admin/users/only-in-a", tokenB).status());
        }
    }

    @Test
    public void theShellAcceptsRayportAdministratorsOnly() throws Exception {
        Path home = folder.newFolder("shell").toPath();
        try (RayportServer server = new RayportServer(home).start()) {
            String token = server.api().firstAdminLogin(home, ADMIN_PASSWORD);
            server.api().post("/api/v1/admin/users", token, "{\"id\":\"tech\",\"password\":\"Tech-Pass-123\"}");
            assertTrue("Karaf's default account does not exist", Ssh.refuses(server.sshPort, "karaf", "karaf"));
            assertTrue("plain users get no shell", Ssh.refuses(server.sshPort, "tech", "Tech-Pass-123"));
            assertTrue(Ssh.refuses(server.sshPort, "admin", "wrong-password"));
            String bundles = Ssh.run(server.sshPort, "admin", ADMIN_PASSWORD, "bundle:list -s");
            assertTrue(bundles, bundles.contains("rayport-people"));
            assertFalse("no bundle failed to start", bundles.contains("Failure"));
        }
    }
}
