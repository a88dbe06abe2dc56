package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.Test;
import org.osgi.framework.Bundle;

/**
 * Each feature bundle stops and starts on its own: the rest of the container keeps serving, and the feature comes
 * back without a restart.
 */
public class HotDeployIT extends RayportTestSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    public void restBundleStopsAndStartsWhileTheShellAndConsoleKeepWorking() throws Exception {
        String token = adminToken();
        Bundle rest = bundle("rayport-rest");
        rest.stop();
        try {
            await("the API is gone", () -> api().get("/api/v1/health", null).status() == 404);
            assertTrue(Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:user-list").contains("admin"));
            assertEquals(200, console("/system/console/rayport-users").status());
        } finally {
            rest.start();
        }
        await("the API is back", () -> api().healthy());
        assertEquals(200, api().get("/api/v1/admin/users", token).status());
    }

    @Test
    public void webConsoleBundleStopsAndStartsWhileTheApiKeepsWorking() throws Exception {
        String token = adminToken();
        Bundle console = bundle("rayport-webconsole");
        console.stop();
        try {
            await("the Rayport pages are gone", () -> console("/system/console/rayport-users").status() == 404);
            assertEquals(200, api().get("/api/v1/admin/users", token).status());
        } finally {
            console.start();
        }
        await("the Rayport pages are back", () -> console("/system/console/rayport-users").status() == 200);
    }

    @Test
    public void peopleBundleStopsAndStartsWithoutLosingData() throws Exception {
        String token = adminToken();
        assertEquals(201, api().post("/api/v1/admin/users", token,
                "{\"id\":\"survivor\",\"password\":\"Survivor-Pass-1\"}").status());
        Bundle people = bundle("rayport-people");
        people.stop();
        try {
            await("user administration is gone", () -> api().get("/api/v1/admin/users", token).status() != 200);
        } finally {
            people.start();
        }
        await("user administration is back", () -> loginWorks());
        String fresh = api().login("admin", ADMIN_PASSWORD);
        assertEquals(200, api().get("/api/v1/admin/users/survivor", fresh).status());
    }

    private boolean loginWorks() {
        return api().post("/api/v1/auth/login", null,
                Api.json("username", "admin", "password", ADMIN_PASSWORD)).status() == 200;
    }

    /** A web console page with HTTP Basic authentication, as a browser sends it after the login dialog. */
    private Api.Reply console(String path) {
        return api().getWithBasicAuth(path, "admin", ADMIN_PASSWORD);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}
