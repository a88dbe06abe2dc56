package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.Test;
import org.rayport.itests.Api.Reply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The administrator's faces of pools in the booted distribution: the REST API, the shell over SSH and the web console
 * page, each checked against what the others then show.
 *
 * <p>Pool components start asynchronously after a configuration change, so states are awaited, not read once.
 */
public class PoolsAdminIT extends RayportTestSupport {

    private static final String POOLS = "/api/v1/admin/pools";
    private static final String DICOM_PORT = "rayport.dicom.port";

    private static int dicomPort() {
        return Integer.getInteger(DICOM_PORT);
    }

    /** A pool's status once it reaches {@code state}; components start asynchronously after a configuration change. */
    private JsonNode awaitState(String admin, String id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode status = api().get(POOLS + "/" + id + "/status", admin).json();
            if (status != null && state.equals(status.path("state").asText())) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Pool " + id + " did not become " + state + " within 60 s: " + status);
            }
            Thread.sleep(200);
        }
    }

    /** The default pool is made by a component that starts after boot; every test begins once it is there. */
    private String adminWithDefaultPool() throws Exception {
        String admin = adminToken();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (api().get(POOLS + "/default", admin).status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The default pool did not appear within 60 s: "
                        + api().get(POOLS, admin).body());
            }
            Thread.sleep(200);
        }
        return admin;
    }

    private String shell(String command) throws Exception {
        return Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, command);
    }

    @Test
    public void theDefaultPoolAnswersAsRayportOnTheConfiguredPort() throws Exception {
        String admin = adminWithDefaultPool();
        JsonNode pool = api().get(POOLS + "/default", admin).json();
        assertEquals("networknode", pool.get("type").asText());
        assertEquals("RAYPORT", pool.get("aeTitle").asText());
        assertEquals(dicomPort(), pool.get("port").asInt());
        assertTrue(pool.get("enabled").asBoolean());
        assertEquals("[\"admin\"]", pool.get("users").toString());
        JsonNode running = awaitState(admin, "default", "RUNNING");
        assertEquals("", running.get("lastError").asText());
        assertFalse("no fields of other pool types", pool.has("directory") || pool.has("pacsHost"));

        List<String> ids = new ArrayList<>();
        api().get(POOLS, admin).json().forEach(p -> ids.add(p.get("id").asText()));
        assertEquals(1, ids.stream().filter("default"::equals).count());
    }

    @Test
    public void poolsAreAddedReadChangedAndRemovedOverRest() throws Exception {
        String admin = adminWithDefaultPool();
        int port = FreePorts.next();
        Reply created = api().post(POOLS, admin, "{\"id\":\"ct\",\"name\":\"CT\",\"type\":\"networknode\",\"port\":"
                + port + ",\"aeTitle\":\"CT_SCP\",\"allowedCallers\":[\"CT1@127.0.0.1\",\"CT2\"],"
                + "\"users\":[\"admin\"],\"retentionDays\":30.5,\"allowJpeg\":false}");
        assertEquals(created.body(), 201, created.status());
        assertTrue(created.header("Location"), created.header("Location").endsWith(POOLS + "/ct"));
        JsonNode pool = created.json();
        assertEquals(port, pool.get("port").asInt());
        assertEquals(30.5, pool.get("retentionDays").asDouble(), 0);
        assertFalse(pool.get("allowJpeg").asBoolean());
        assertEquals("[\"CT1@127.0.0.1\",\"CT2\"]", pool.get("allowedCallers").toString());
        assertNotNull(pool.get("status").get("state").asText());

        JsonNode read = api().get(POOLS + "/ct", admin).json();
        assertEquals("CT_SCP", read.get("aeTitle").asText());
        awaitState(admin, "ct", "RUNNING");

        Reply edited = api().put(POOLS + "/ct", admin, "{\"name\":\"CT scanners\",\"enabled\":false,\"users\":[]}");
        assertEquals(edited.body(), 200, edited.status());
        read = api().get(POOLS + "/ct", admin).json();
        assertEquals("CT scanners", read.get("name").asText());
        assertFalse(read.get("enabled").asBoolean());
        assertEquals("what the request leaves out stays", port, read.get("port").asInt());
        assertEquals(30.5, read.get("retentionDays").asDouble(), 0);
        assertEquals(0, read.get("users").size());

        JsonNode status = api().get(POOLS + "/ct/status", admin).json();
        assertEquals("ct", status.get("poolId").asText());
        assertEquals("DISABLED", status.get("state").asText());
        assertNotNull(status.get("since").asText());
        Map<String, String> states = new LinkedHashMap<>();
        api().get(POOLS + "/statuses", admin).json().forEach(s -> states.put(s.get("poolId").asText(),
                s.get("state").asText()));
        assertEquals("DISABLED", states.get("ct"));
        assertEquals("RUNNING", states.get("default"));
        boolean listed = false;
        for (JsonNode p : api().get(POOLS, admin).json()) {
            listed |= p.get("id").asText().equals("ct") && p.get("status").get("state").asText().equals("DISABLED");
        }
        assertTrue(listed);

        assertEquals(204, api().delete(POOLS + "/ct", admin).status());
        assertEquals(404, api().get(POOLS + "/ct", admin).status());
        assertEquals(404, api().get(POOLS + "/ct/status", admin).status());
        assertEquals(404, api().put(POOLS + "/ct", admin, "{\"name\":\"x\"}").status());
        Reply gone = api().delete(POOLS + "/ct", admin);
        assertEquals(404, gone.status());
        assertEquals("No pool with id 'ct'", gone.json().get("error").asText());
    }

    @Test
    public void badInputIsRefusedWithItsFieldAndChangesNothing() throws Exception {
        String admin = adminWithDefaultPool();
        String before = api().get(POOLS, admin).json().toString().replaceAll("\"since\":\"[^\"]*\"", "");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"type\":\"networknode\",\"port\":11120,\"aeTitle\":\"A\"}", "id");
        bad.put("{\"id\":\"Bad Id\",\"type\":\"networknode\",\"port\":11120,\"aeTitle\":\"A\"}", "id");
        bad.put("{\"id\":\"x1\",\"type\":\"tape\"}", "type");
        bad.put("{\"id\":\"x2\",\"type\":\"networknode\",\"port\":70000,\"aeTitle\":\"A\"}", "port");
        bad.put("{\"id\":\"x3\",\"type\":\"networknode\",\"port\":11120,\"aeTitle\":\"SEVENTEEN_CHARS_X\"}", "aeTitle");
        bad.put("{\"id\":\"x4\",\"type\":\"networknode\",\"port\":11120}", "aeTitle");
        bad.put("{\"id\":\"x5\",\"type\":\"networknode\",\"port\":11120,\"aeTitle\":\"A\",\"allowedCallers\":[\"B@\"]}",
                "allowedCallers");
        bad.put("{\"id\":\"x6\",\"type\":\"folder\",\"directory\":\"/srv/in\",\"port\":104}", "port");
        bad.put("{\"id\":\"x7\",\"type\":\"userstorage\",\"retentionDays\":-1}", "retentionDays");
        bad.put("{\"id\":\"x8\",\"type\":\"userstorage\",\"users\":[\"nobody\"]}", "users");
        bad.put("{\"id\":\"x9\",\"type\":\"userstorage\",\"groups\":[\"no-group\"]}", "groups");
        bad.put("{\"id\":\"x10\",\"type\":\"userstorage\",\"colour\":\"red\"}", "colour");
        bad.put("{\"id\":\"x11\",\"type\":\"queryretrieve\",\"pacsHost\":\"pacs\",\"pacsPort\":104,"
                + "\"pacsAeTitle\":\"PACS\",\"localAeTitle\":\"RP\"}", "retrievePort");
        bad.forEach((body, field) -> {
            Reply reply = api().post(POOLS, admin, body);
            assertEquals(body + " " + reply.body(), 400, reply.status());
            assertEquals(body, field, reply.json().get("field").asText());
            assertEquals(400, reply.json().get("status").asInt());
            assertFalse(reply.json().get("error").asText().isBlank());
        });
        Reply typeChange = api().put(POOLS + "/default", admin, "{\"type\":\"folder\"}");
        assertEquals(400, typeChange.status());
        assertEquals("type", typeChange.json().get("field").asText());
        assertEquals("id", api().put(POOLS + "/default", admin, "{\"id\":\"other\"}").json().get("field").asText());
        Reply malformed = api().post(POOLS, admin, "{\"id\": \"x\", ");
        assertEquals(400, malformed.status());
        assertTrue(malformed.body(), malformed.json().get("error").asText().startsWith("Malformed JSON"));
        assertEquals(400, api().post(POOLS, admin, "").status());
        assertEquals("nothing was added or changed", before,
                api().get(POOLS, admin).json().toString().replaceAll("\"since\":\"[^\"]*\"", ""));

        Reply duplicate = api().post(POOLS, admin, "{\"id\":\"default\",\"type\":\"userstorage\"}");
        assertEquals(409, duplicate.status());
        assertTrue(duplicate.body(), duplicate.json().get("error").asText().contains("exists already"));
        Reply sameListener = api().post(POOLS, admin, "{\"id\":\"twin\",\"type\":\"networknode\",\"port\":"
                + dicomPort() + ",\"aeTitle\":\"RAYPORT\"}");
        assertEquals(409, sameListener.status());
        assertTrue(sameListener.body(), sameListener.json().get("error").asText().contains("Pool default"));
        assertEquals("another AE title on the same port is fine", 201, api().post(POOLS, admin,
                "{\"id\":\"twin\",\"type\":\"networknode\",\"port\":" + dicomPort() + ",\"aeTitle\":\"TWIN\"}").status());
        assertEquals(409, api().put(POOLS + "/twin", admin, "{\"aeTitle\":\"RAYPORT\"}").status());
        assertEquals("TWIN", api().get(POOLS + "/twin", admin).json().get("aeTitle").asText());
        assertEquals(204, api().delete(POOLS + "/twin", admin).status());

        assertEquals(404, api().get(POOLS + "/nope", admin).status());
        assertEquals(404, api().get(POOLS + "/nope/status", admin).status());
        assertEquals(404, api().put(POOLS + "/nope", admin, "{}").status());
        assertEquals(404, api().delete(POOLS + "/nope", admin).status());
    }

    @Test
    public void onlyAdministratorsReachThePools() throws Exception {
        String admin = adminWithDefaultPool();
        assertEquals(201, api().post("/api/v1/admin/users", admin,
                "{\"id\":\"tech\",\"password\":\"Tech-Pass-1\",\"roles\":[\"user\"]}").status());
        String tech = api().login("tech", "Tech-Pass-1");
        // Until the password is changed every call answers 403 anyway, which would hide a missing role check.
        assertEquals(204, api().post("/api/v1/auth/password", tech,
                Api.json("oldPassword", "Tech-Pass-1", "newPassword", "Tech-Pass-2")).status());
        String body = "{\"id\":\"mine\",\"type\":\"userstorage\"}";
        List<Reply> asUser = List.of(api().get(POOLS, tech), api().get(POOLS + "/default", tech),
                api().get(POOLS + "/statuses", tech), api().get(POOLS + "/default/status", tech),
                api().post(POOLS, tech, body), api().put(POOLS + "/default", tech, "{\"enabled\":false}"),
                api().delete(POOLS + "/default", tech));
        for (Reply reply : asUser) {
            assertEquals(reply.raw().request().method() + " " + reply.raw().uri() + ": " + reply.body(), 403,
                    reply.status());
        }
        List<Reply> anonymous = List.of(api().get(POOLS, null), api().get(POOLS + "/default", null),
                api().get(POOLS + "/statuses", null), api().get(POOLS + "/default/status", null),
                api().post(POOLS, null, body), api().put(POOLS + "/default", null, "{\"enabled\":false}"),
                api().delete(POOLS + "/default", null));
        for (Reply reply : anonymous) {
            assertEquals(reply.raw().request().method() + " " + reply.raw().uri(), 401, reply.status());
        }
        JsonNode pool = api().get(POOLS + "/default", admin).json();
        assertTrue("nothing changed", pool.get("enabled").asBoolean());
        assertEquals(404, api().get(POOLS + "/mine", admin).status());
    }

    @Test
    public void openApiDescribesThePoolEndpoints() throws Exception {
        adminWithDefaultPool();
        JsonNode paths = api().get("/api/v1/openapi.json", null).json().get("paths");
        Map<String, List<String>> expected = Map.of(
                POOLS, List.of("get", "post"),
                POOLS + "/{id}", List.of("get", "put", "delete"),
                POOLS + "/{id}/status", List.of("get"),
                POOLS + "/statuses", List.of("get"));
        expected.forEach((path, methods) -> {
            assertTrue(path + " in " + paths.fieldNames(), paths.has(path));
            for (String method : methods) {
                assertTrue(path + " " + method, paths.get(path).has(method));
            }
        });
    }

    @Test
    public void poolsAreManagedFromTheShell() throws Exception {
        String admin = adminWithDefaultPool();
        int port = FreePorts.next();
        String added = shell("rayport:pool-add --name 'MR scanners' --port " + port + " --ae-title MR_SCP"
                + " --allowed-caller MR1 --allowed-caller MR2@127.0.0.1 --user admin --pseudonymize"
                + " --retention-days 7 networknode mr");
        assertTrue(added, added.contains("Added pool 'mr' (MR scanners)"));
        assertTrue(added, added.contains("MR_SCP@" + port));
        assertTrue("the pseudonymization warning: " + added, added.contains("burned into the pixel data"));
        JsonNode pool = api().get(POOLS + "/mr", admin).json();
        assertTrue(pool.get("pseudonymize").asBoolean());
        assertEquals(7, pool.get("retentionDays").asDouble(), 0);
        assertEquals("[\"MR1\",\"MR2@127.0.0.1\"]", pool.get("allowedCallers").toString());

        String list = shell("rayport:pool-list");
        assertTrue(list, list.contains("mr") && list.contains("MR_SCP@" + port) && list.contains("networknode"));
        assertTrue(list, list.contains("RAYPORT@" + dicomPort()));

        String edited = shell("rayport:pool-edit --pseudonymize=false --disabled --group '' mr");
        assertTrue(edited, edited.contains("Changed pool 'mr'"));
        pool = api().get(POOLS + "/mr", admin).json();
        assertFalse(pool.get("pseudonymize").asBoolean());
        assertFalse(pool.get("enabled").asBoolean());
        assertEquals("MR scanners", pool.get("name").asText());
        assertEquals(port, pool.get("port").asInt());
        assertTrue(shell("rayport:pool-edit --disabled mr").contains("Nothing to change"));

        String badPort = shell("rayport:pool-edit --port 70000 mr");
        assertTrue(badPort, badPort.contains("--port: port must be 1 to 65535"));
        assertFalse("a refusal is a message, not a stack trace: " + badPort, badPort.contains("Exception"));
        String clash = shell("rayport:pool-add --port " + dicomPort() + " --ae-title RAYPORT networknode clash");
        assertTrue(clash, clash.contains("Pool default already answers as RAYPORT on port " + dicomPort()));
        assertFalse(clash, clash.contains("Exception"));
        String unknownUser = shell("rayport:pool-add --user nobody userstorage uploads");
        assertTrue(unknownUser, unknownUser.contains("--user: there is no user 'nobody'"));
        assertEquals(404, api().get(POOLS + "/uploads", admin).status());

        String status = shell("rayport:pool-status mr");
        assertTrue(status, status.contains("mr") && status.contains("DISABLED"));
        String all = shell("rayport:pool-status");
        assertTrue(all, all.contains("default") && all.contains("RUNNING"));
        assertTrue(shell("rayport:pool-status nope").contains("No pool with id 'nope'"));

        shell("rayport:pool-remove --force mr");
        assertEquals(404, api().get(POOLS + "/mr", admin).status());
        String help = shell("rayport:pool-add --help");
        assertTrue(help, help.contains("--ae-title") && help.contains("--pacs-host") && help.contains("--directory"));
    }

    /** The pool is kept but FAILED, its last error naming the port; the other pools keep running. */
    @Test
    public void aPoolOnAPortAnotherProgramHoldsFailsAloneAndSaysWhy() throws Exception {
        String admin = adminWithDefaultPool();
        try (ServerSocket otherProgram = new ServerSocket(0)) {
            int taken = otherProgram.getLocalPort();
            Reply added = api().post(POOLS, admin, "{\"id\":\"busy\",\"type\":\"networknode\",\"port\":" + taken
                    + ",\"aeTitle\":\"BUSY\"}");
            assertEquals(added.body(), 201, added.status());
            JsonNode status = awaitState(admin, "busy", "FAILED");
            assertTrue(status.toString(), status.get("lastError").asText().contains(":" + taken)
                    && status.get("lastError").asText().contains("another program"));
            assertEquals("the default pool is not disturbed", "RUNNING",
                    api().get(POOLS + "/default/status", admin).json().get("state").asText());
            assertEquals(204, api().delete(POOLS + "/busy", admin).status());
        }
    }

    @Test
    public void theWebConsolePageListsAddsEditsAndDeletesPools() throws Exception {
        String admin = adminWithDefaultPool();
        HttpClient http = HttpClient.newHttpClient();
        String page = base() + "/system/console/rayport-pools";
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(page))
                .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode());
        String html = list.body();
        assertTrue(html, html.contains("<tr data-id=\"default\">") && html.contains("RAYPORT@" + dicomPort()));
        assertTrue(html, html.contains("<td class=\"rayport-state\">RUNNING</td>"));
        assertTrue(html, html.contains("id=\"rayport-pseudonymize-warning\"")
                && html.contains("burned into the pixel data"));
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(html, csrf.find());

        int port = FreePorts.next();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "add");
        form.put("type", "networknode");
        form.put("id", "us");
        form.put("name", "Ultrasound");
        form.put("enabled", "true");
        form.put("port", Integer.toString(port));
        form.put("aeTitle", "US SCP");
        form.put("allowedCallers", "US 1; US2@127.0.0.1");
        form.put("retentionDays", "1,5");
        form.put("deviceRetentionHours", "");
        form.put("allowJpeg", "true");
        form.put("pseudonymize", "true");
        form.put("users", "admin");
        form.put("groups", "");
        assertEquals("without the CSRF token the form is refused", 403, post(http, page, form, null).statusCode());
        assertEquals(404, api().get(POOLS + "/us", admin).status());

        HttpResponse<String> added = post(http, page, form, csrf.group(1));
        assertEquals(added.body(), 303, added.statusCode());
        String location = added.headers().firstValue("Location").orElseThrow();
        assertTrue(location, location.contains("Added+pool+%27us%27") && location.contains("burned"));
        JsonNode pool = api().get(POOLS + "/us", admin).json();
        assertEquals("US SCP", pool.get("aeTitle").asText());
        assertEquals(port, pool.get("port").asInt());
        assertEquals(1.5, pool.get("retentionDays").asDouble(), 0);
        assertEquals("[\"US 1\",\"US2@127.0.0.1\"]", pool.get("allowedCallers").toString());
        assertTrue(pool.get("pseudonymize").asBoolean() && pool.get("allowJpeg").asBoolean());
        assertFalse(pool.get("cachePool").asBoolean());

        String editForm = http.send(HttpRequest.newBuilder(URI.create(page + "?edit=us"))
                .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(editForm, editForm.contains("value=\"US SCP\"") && editForm.contains("Edit pool &#39;us&#39;"));
        String folderForm = http.send(HttpRequest.newBuilder(URI.create(page + "?add=folder"))
                .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(folderForm, folderForm.contains("name=\"directory\"") && !folderForm.contains("name=\"aeTitle\""));

        form.put("action", "edit");
        form.put("aeTitle", "RAYPORT");
        form.put("port", Integer.toString(dicomPort()));
        HttpResponse<String> clash = post(http, page, form, csrf.group(1));
        assertEquals(409, clash.statusCode());
        assertTrue(clash.body(), clash.body().contains("id=\"rayport-error\"")
                && clash.body().contains("Pool default already answers as RAYPORT"));
        assertTrue("the refused form keeps what was sent", clash.body().contains("value=\"Ultrasound\""));
        assertEquals("US SCP", api().get(POOLS + "/us", admin).json().get("aeTitle").asText());

        form.put("aeTitle", "US_SCP");
        form.put("port", Integer.toString(port));
        form.remove("pseudonymize");
        assertEquals(303, post(http, page, form, csrf.group(1)).statusCode());
        pool = api().get(POOLS + "/us", admin).json();
        assertEquals("US_SCP", pool.get("aeTitle").asText());
        assertFalse("an unticked box is off", pool.get("pseudonymize").asBoolean());

        HttpResponse<String> deleted = post(http, page, Map.of("action", "delete", "id", "us"), csrf.group(1));
        assertEquals(303, deleted.statusCode());
        assertEquals(404, api().get(POOLS + "/us", admin).status());
    }

    private String base() {
        return "http://127.0.0.1:" + httpPort();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A form POST as the browser sends it from the page: same origin, URL-encoded; {@code csrf} null leaves it out. */
    private HttpResponse<String> post(HttpClient http, String page, Map<String, String> fields, String csrf)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.put("csrf", csrf);
        }
        String body = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(page)).header("Authorization", basic())
                        .header("Origin", base()).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
