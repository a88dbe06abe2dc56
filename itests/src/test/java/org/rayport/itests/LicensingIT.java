package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The licence in the running distribution: licences made by the vendor's tool (run as a process, with a key pair it
 * made for this test and that the server is told to trust), installed over REST, the shell and the web console, and
 * real bundles whose components start and stop as licences come, expire and go.
 */
public class LicensingIT extends RayportTestSupport {

    /** A well-formed registration key of some other installation. */
    private static final String OTHER_INSTALLATION = "0AVA-1N9A-SD97-DCF5";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Runs in the test driver: makes the key pair with the issuer and tells the server to trust its public key. */
    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.addAll(TestLicences.trustedTestKey());
        return options.toArray(new Option[0]);
    }

    /** A licence file from the vendor's tool, signed with this test's key. */
    private Path licence(String registrationKey, Instant notAfter, String modules, int maxDevices) throws IOException {
        return TestLicences.issue(home(), registrationKey, notAfter, modules, maxDevices);
    }

    private Path licence(String registrationKey, String modules) throws IOException {
        return licence(registrationKey, Instant.now().plus(Duration.ofDays(60)), modules, 8);
    }

    private Api.Reply put(String token, Path licence) throws IOException {
        return api().put("/api/v1/admin/license", token, "application/octet-stream", Files.readAllBytes(licence));
    }

    private String registrationKey(String token) {
        return api().get("/api/v1/admin/license", token).json().get("registrationKey").asText();
    }

    /**
     * getAllServiceReferences: the marker's class comes from the gated bundle, and the probe has a copy of its own,
     * so the framework would hide the service from getServiceReferences as not assignable.
     */
    private boolean running(String module) {
        try {
            ServiceReference<?>[] markers = bundleContext.getAllServiceReferences(null,
                    "(" + GatedBundles.MARKER_PROPERTY + "=" + module + ")");
            return markers != null && markers.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private int licensedModuleServices() throws InvalidSyntaxException {
        ServiceReference<?>[] modules = bundleContext.getAllServiceReferences("org.rayport.licensing.LicensedModule", null);
        return modules == null ? 0 : modules.length;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void licensedModulesStartAndStopLiveAsLicencesComeExpireAndGo() throws Exception {
        String admin = adminToken();
        assertEquals(200, api().delete("/api/v1/admin/license", admin).status());
        String key = registrationKey(admin);
        Bundle gateway = GatedBundles.install(bundleContext, "gateway");
        Bundle veocore = GatedBundles.install(bundleContext, "veocore");
        try {
            assertEquals(Bundle.ACTIVE, gateway.getState());
            assertFalse("no licence, no gateway", running("gateway"));
            assertFalse(running("veocore"));

            Api.Reply gatewayOnly = put(admin, licence(key, "gateway"));
            assertEquals(gatewayOnly.body(), 200, gatewayOnly.status());
            assertEquals("LICENSED", gatewayOnly.json().get("mode").asText());
            await("the gateway component starts", () -> running("gateway"));
            assertFalse(running("veocore"));

            assertEquals(200, put(admin, licence(key, "gateway,veocore")).status());
            await("the VEOcore component starts too", () -> running("veocore"));
            assertTrue(running("gateway"));

            Api.Reply foreign = put(admin, licence(OTHER_INSTALLATION, "gateway,veocore"));
            assertEquals(foreign.body(), 400, foreign.status());
            assertEquals("OTHER_INSTALLATION", foreign.json().get("reason").asText());
            assertTrue(foreign.body(), foreign.json().get("error").asText().contains(key));
            Api.Reply garbage = api().put("/api/v1/admin/license", admin, "application/octet-stream",
                    "this is no licence".getBytes(StandardCharsets.UTF_8));
            assertEquals("MALFORMED", garbage.json().get("reason").asText());
            Api.Reply empty = api().put("/api/v1/admin/license", admin, "application/octet-stream", new byte[0]);
            assertEquals(empty.body(), 400, empty.status());
            assertEquals("EMPTY", empty.json().get("reason").asText());
            assertTrue("refused licences leave the modules running", running("gateway") && running("veocore"));
            assertEquals(2, licensedModuleServices());

            Instant end = Instant.now().plusSeconds(20);
            Api.Reply shortLived = put(admin, licence(key, end, "veocore", 8));
            assertEquals(shortLived.body(), 200, shortLived.status());
            await("the gateway component stops when the new licence leaves it out", () -> !running("gateway"));
            assertTrue(running("veocore"));
            await("the VEOcore component stops when the licence expires", () -> !running("veocore"));
            JsonNode expired = api().get("/api/v1/admin/license", admin).json();
            assertEquals("EVALUATION", expired.get("mode").asText());
            assertTrue(expired.toString(), expired.get("reason").asText().startsWith("The licence expired on"));
            assertEquals(2, expired.get("maxDevices").asInt());
            assertEquals(0, licensedModuleServices());

            assertEquals(200, put(admin, licence(key, "gateway")).status());
            await("the gateway component starts again", () -> running("gateway"));
            Api.Reply removed = api().delete("/api/v1/admin/license", admin);
            assertEquals("EVALUATION", removed.json().get("mode").asText());
            await("the gateway component stops when the licence is removed", () -> !running("gateway"));
            assertEquals("No licence is installed.", removed.json().get("reason").asText());
        } finally {
            gateway.uninstall();
            veocore.uninstall();
        }
    }

    @Test
    public void evaluationModeIsPlainToEveryoneAndTheStoredLicenceSurvivesInTheDataDirectory() throws Exception {
        String admin = adminToken();
        api().delete("/api/v1/admin/license", admin);
        JsonNode mode = api().get("/api/v1/license", null).json();
        assertEquals("EVALUATION", mode.get("mode").asText());
        assertEquals(2, mode.get("maxDevices").asInt());
        assertTrue(mode.toString(), mode.get("message").asText().startsWith("Evaluation mode"));
        assertEquals(0, licensedModuleServices());

        Path licence = licence(registrationKey(admin), "ldap");
        assertEquals(200, put(admin, licence).status());
        assertEquals("LICENSED", api().get("/api/v1/license", null).json().get("mode").asText());
        assertTrue(api().get("/api/v1/license", null).json().get("message").isNull());
        assertEquals("the licence is kept in RAYPORT_HOME as it was sent", Files.readString(licence),
                Files.readString(home().resolve("rayport.license")));
        assertTrue(Files.exists(home().resolve("installation-id")));
    }

    @Test
    public void onlyAdministratorsSeeAndChangeTheLicence() throws Exception {
        String admin = adminToken();
        assertEquals(401, api().get("/api/v1/admin/license", null).status());
        assertEquals(401, api().put("/api/v1/admin/license", null, "application/octet-stream",
                "x".getBytes(StandardCharsets.UTF_8)).status());
        api().post("/api/v1/admin/users", admin, "{\"id\":\"licence.reader\",\"password\":\"Reader-Pass-1\"}");
        String user = api().login("licence.reader", "Reader-Pass-1");
        api().post("/api/v1/auth/password", user, Api.json("oldPassword", "Reader-Pass-1", "newPassword", "Reader-Pass-2"));
        assertEquals(403, api().get("/api/v1/admin/license", user).status());
        assertEquals(403, api().put("/api/v1/admin/license", user, "application/octet-stream",
                Files.readAllBytes(licence(registrationKey(admin), "photo"))).status());
        assertEquals(403, api().delete("/api/v1/admin/license", user).status());

        JsonNode license = api().get("/api/v1/admin/license", admin).json();
        assertTrue(license.toString(), license.get("registrationKey").asText()
                .matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}"));
        JsonNode paths = api().get("/api/v1/openapi.json", null).json().get("paths");
        assertTrue(paths.has("/api/v1/admin/license") && paths.get("/api/v1/admin/license").has("put"));
    }

    @Test
    public void theShellShowsTheKeyAndInstallsLicences() throws Exception {
        String admin = adminToken();
        api().delete("/api/v1/admin/license", admin);
        String key = registrationKey(admin);
        assertEquals(key, Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:registration-key").strip());
        String evaluation = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:license-show");
        assertTrue(evaluation, evaluation.contains("Evaluation mode: No licence is installed.")
                && evaluation.contains(key));

        Path licence = licence(key, Instant.now().plus(Duration.ofDays(10)), "gateway,teleradiology", 5);
        String installed = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:license-install " + licence);
        assertTrue(installed, installed.contains("Licence installed. Licensed to Itest Klinikum"));
        String shown = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:license-show");
        assertTrue(shown, shown.contains("Licensed to Itest Klinikum") && shown.contains("gateway, teleradiology")
                && shown.contains(key));
        assertTrue("10 days left is within the first warning: " + shown, shown.contains("WARNING: The licence expires in 10 days"));

        Path tampered = Files.createTempFile(home(), "tampered-", ".license");
        Files.writeString(tampered, Files.readString(licence).replace("maxDevices=5", "maxDevices=500"));
        String refused = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:license-install " + tampered);
        assertTrue(refused, refused.contains("Licence refused (BAD_SIGNATURE)"));
        assertFalse("a refusal is a message, not a stack trace: " + refused, refused.contains("Exception"));
        assertEquals(5, api().get("/api/v1/admin/license", admin).json().get("maxDevices").asInt());
    }

    @Test
    public void theWebConsoleInstallsALicenceThroughItsCsrfCheckedForm() throws Exception {
        String admin = adminToken();
        api().delete("/api/v1/admin/license", admin);
        String key = registrationKey(admin);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + httpPort();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/rayport-license"))
                .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page, page.contains(key) && page.contains("Select licence file"));
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(page, csrf.find());

        String text = Files.readString(licence(key, "pacs-upload")).replace("\n", "\r\n");
        String form = "action=install&license=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/system/console/rayport-license"))
                .header("Authorization", basic).header("Origin", base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("without the CSRF token the form is refused", 403, forged.statusCode());
        assertEquals("EVALUATION", api().get("/api/v1/admin/license", admin).json().get("mode").asText());

        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/system/console/rayport-license"))
                .header("Authorization", basic).header("Origin", base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form + "&csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(posted.body(), 303, posted.statusCode());
        assertNotNull(posted.headers().firstValue("Location").orElse(null));
        assertEquals("pacs-upload", api().get("/api/v1/admin/license", admin).json()
                .get("activeModules").get(0).asText());

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/system/console/rayport-license"))
                .header("Authorization", basic).header("Origin", base)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=install&license=garbage&csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("id=\"rayport-error\"")
                && refused.body().contains("not a Rayport licence"));

        String status = http.send(HttpRequest.newBuilder(URI.create(base + "/system/console/rayport-status"))
                .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(status, status.contains("data-id=\"license\"") && status.contains("Licensed to Itest Klinikum"));
    }
}
