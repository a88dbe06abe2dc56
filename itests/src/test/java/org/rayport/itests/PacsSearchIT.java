package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.testing.OrthancPeer;
import org.rayport.testing.Peers;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A radiologist's phone searches the hospital PACS (Orthanc) through a query/retrieve pool, retrieves a study into
 * Rayport and then finds it among the pool's studies; a user without the pool sees none of it, and a PACS that went
 * down answers with its reason. The whole distribution runs as an administrator starts it.
 */
public class PacsSearchIT {

    private static final String ADMIN_PASSWORD = "Pacs-Admin-Pass-1";
    private static final String DEVICE = "X-Device-Id";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aStudyFoundOnThePacsIsRetrievedAndThenBrowsedOnlyByThoseWhoMaySeeThePool() throws Exception {
        Path work = folder.newFolder("work").toPath();
        int retrievePort = Peers.freePort();
        String study = "2.25." + Math.abs(System.nanoTime());
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path file = work.resolve("ct" + i + ".dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(
                    TestImages.ct("Rossi^Maria", study, study + ".1", i, 64).build(), file);
            files.add(file);
        }
        try (OrthancPeer orthanc = OrthancPeer.start(work,
                "{\"rayport\":[\"RAYPORT_QR\",\"127.0.0.1\"," + retrievePort + "]}", false);
             RayportServer server = new RayportServer(folder.newFolder("home").toPath()).start()) {
            orthanc.store(files);
            Api api = server.api();
            String admin = api.firstAdminLogin(server.home, ADMIN_PASSWORD);
            awaitPoolsApi(api, admin);
            assertEquals(201, api.post("/api/v1/admin/users", admin, Api.json("id", "other", "name", "Other User",
                    "password", "Other-Pass-123")).status());
            Api.Reply pool = api.post("/api/v1/admin/pools", admin, "{\"id\":\"pacs\",\"type\":\"queryretrieve\","
                    + "\"pacsHost\":\"127.0.0.1\",\"pacsPort\":" + orthanc.dicomPort + ",\"pacsAeTitle\":\""
                    + OrthancPeer.AE_TITLE + "\",\"localAeTitle\":\"RAYPORT_QR\",\"retrievePort\":" + retrievePort
                    + ",\"users\":[\"admin\"]}");
            assertEquals(pool.body(), 201, pool.status());

            String phone = deviceToken(api, "admin", ADMIN_PASSWORD, "phone-1");
            JsonNode pools = awaitPacsPool(api, phone, "phone-1");
            assertEquals("pacs", pools.get(0).get("pool").asText());

            Api.Reply found = api.get("/api/v1/client/pacs/pacs/studies?patientName=ross*", phone, DEVICE, "phone-1");
            assertEquals(found.body(), 200, found.status());
            assertEquals(found.body(), 1, found.json().size());
            assertEquals(study, found.json().get(0).get("studyInstanceUid").asText());
            Api.Reply series = api.get("/api/v1/client/pacs/pacs/studies/" + study + "/series", phone, DEVICE,
                    "phone-1");
            assertEquals(series.body(), 1, series.json().size());

            Api.Reply started = api.post("/api/v1/client/pacs/pacs/retrievals", phone,
                    Api.json("studyInstanceUid", study), DEVICE, "phone-1");
            assertEquals(started.body(), 202, started.status());
            String location = started.header("Location");
            JsonNode ended = awaitRetrieval(api, phone, location.substring(location.indexOf("/api/v1")));
            assertTrue(ended.toString(), ended.get("succeeded").asBoolean());
            assertEquals(3, ended.get("completed").asInt());
            assertEquals("MOVE", ended.get("method").asText());

            Api.Reply browsed = api.get("/api/v1/client/studies?patientName=rossi", phone, DEVICE, "phone-1");
            assertEquals(browsed.body(), 200, browsed.status());
            JsonNode item = browsed.json().get("items").get(0);
            assertEquals("pacs", item.get("pool").asText());
            assertEquals(3, item.get("instanceCount").asInt());

            // A user the administrator created changes the given password at the first login.
            String first = deviceToken(api, "other", "Other-Pass-123", "phone-2");
            assertEquals(204, api.post("/api/v1/auth/password", first, Api.json("oldPassword", "Other-Pass-123",
                    "newPassword", "Other-Own-Pass-456"), DEVICE, "phone-2").status());
            String otherPhone = deviceToken(api, "other", "Other-Own-Pass-456", "phone-2");
            Api.Reply nothing = api.get("/api/v1/client/pacs", otherPhone, DEVICE, "phone-2");
            assertEquals(nothing.body(), 200, nothing.status());
            assertEquals(nothing.body(), 0, nothing.json().size());
            assertEquals(404, api.get("/api/v1/client/pacs/pacs/studies?patientName=ross*", otherPhone, DEVICE,
                    "phone-2").status());
            assertEquals(404, api.post("/api/v1/client/pacs/pacs/retrievals", otherPhone,
                    Api.json("studyInstanceUid", study), DEVICE, "phone-2").status());
            assertEquals(404, api.get(location.substring(location.indexOf("/api/v1")), otherPhone, DEVICE, "phone-2")
                    .status());
            assertEquals(0, api.get("/api/v1/client/studies?patientName=rossi", otherPhone, DEVICE, "phone-2")
                    .json().get("items").size());
            assertEquals("no device, no client data", 403,
                    api.get("/api/v1/client/pacs/pacs/studies", admin).status());
            Api.Reply badDate = api.get("/api/v1/client/pacs/pacs/studies?from=" + URLEncoder.encode("27.11.2026",
                    StandardCharsets.UTF_8), phone, DEVICE, "phone-1");
            assertEquals(badDate.body(), 400, badDate.status());
            assertEquals("from", badDate.json().get("field").asText());

            orthanc.close();
            Api.Reply down = api.get("/api/v1/client/pacs/pacs/studies?patientName=ross*", phone, DEVICE, "phone-1");
            assertEquals(down.body(), 502, down.status());
            assertTrue(down.body(), down.json().get("error").asText().startsWith("PACS unreachable"));
        }
    }

    private static String deviceToken(Api api, String user, String password, String deviceId) {
        Api.Reply login = api.post("/api/v1/auth/login", null, Api.json("username", user, "password", password,
                "deviceId", deviceId, "deviceName", "Phone " + deviceId));
        assertEquals(login.body(), 200, login.status());
        return login.json().get("token").asText();
    }

    private static void awaitPoolsApi(Api api, String admin) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (api.get("/api/v1/admin/pools", admin).status() == 404) {
            assertTrue("the pools API comes up", System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }

    /** The pool's PACS check runs once it starts; the client list shows it when its search service is there. */
    private static JsonNode awaitPacsPool(Api api, String token, String device) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Api.Reply pools = api.get("/api/v1/client/pacs", token, DEVICE, device);
            if (pools.status() == 200 && pools.json().size() > 0) {
                return pools.json();
            }
            assertTrue("the query/retrieve pool is offered to the client: " + pools.body(),
                    System.nanoTime() < deadline);
            Thread.sleep(500);
        }
    }

    private static JsonNode awaitRetrieval(Api api, String token, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Api.Reply retrieval = api.get(path, token, DEVICE, "phone-1");
            assertEquals(retrieval.body(), 200, retrieval.status());
            if (retrieval.json().get("done").asBoolean()) {
                return retrieval.json();
            }
            assertTrue("the retrieval ends: " + retrieval.body(), System.nanoTime() < deadline);
            Thread.sleep(200);
        }
    }
}
