package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.osgi.framework.ServiceReference;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.itests.Api.Reply;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The inbox in the distribution: a client holds the server-sent event stream open, DCMTK's storescu sends a study into
 * the default pool (granted to admin), the stream announces it, the inbox lists it, and it is opened and dismissed. A
 * second user without the pool gets neither an entry nor an event, and the stream of a client that went away is
 * closed and forgotten by the server.
 */
public class InboxIT extends RayportTestSupport {

    private static final String DEVICE = "X-Device-Id";
    private static final String INBOX = "/api/v1/client/inbox";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    private PoolService pools;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One open event stream: its lines, as a reader thread receives them. */
    private record EventStream(BlockingQueue<String> lines, Stream<String> body, Thread reader) {
        void close() {
            body.close();
            reader.interrupt();
        }
    }

    private EventStream openEvents(String token, String deviceId) throws Exception {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort() + INBOX + "/events"))
                .header("Authorization", "Bearer " + token).header(DEVICE, deviceId)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Stream<String> body = response.body();
        Thread reader = new Thread(() -> {
            try {
                body.forEach(lines::add);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }, "inbox-it-sse-" + deviceId);
        reader.setDaemon(true);
        reader.start();
        return new EventStream(lines, body, reader);
    }

    /** The data of the next "dataset" event whose JSON satisfies the condition; fails after the deadline. */
    private static JsonNode awaitDataset(EventStream stream, java.util.function.Predicate<JsonNode> condition,
                                         List<String> seen) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        boolean datasetEvent = false;
        while (true) {
            String line = stream.lines().poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("No matching dataset event within " + PATIENCE + "; lines: " + seen);
            }
            seen.add(line);
            if (line.equals("event: dataset")) {
                datasetEvent = true;
            } else if (datasetEvent && line.startsWith("data: ")) {
                JsonNode data = Api.JSON.readTree(line.substring("data: ".length()));
                if (condition.test(data)) {
                    return data;
                }
                datasetEvent = false;
            }
        }
    }

    private int openStreamsOnTheServer() throws Exception {
        ServiceReference<?>[] references = bundleContext.getAllServiceReferences(
                "org.rayport.inbox.internal.InboxStreams", null);
        assertEquals(1, references.length);
        Object streams = bundleContext.getService(references[0]);
        try {
            return (Integer) streams.getClass().getMethod("openStreams").invoke(streams);
        } finally {
            bundleContext.ungetService(references[0]);
        }
    }

    private void awaitRunning(String pool) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Optional<PoolStatus> status = pools.statuses().stream().filter(s -> s.poolId().equals(pool)).findFirst();
            if (status.isPresent() && status.get().state() == PoolStatus.State.RUNNING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Pool " + pool + " is not running: " + status);
            }
            Thread.sleep(200);
        }
    }

    @Test
    public void aStudySentByStorescuIsAnnouncedListedOpenedAndDismissed() throws Exception {
        awaitRunning("default");
        String administration = adminToken();
        api().newUser(administration, "vera");
        String admin = api().deviceToken("admin", ADMIN_PASSWORD, "admin-phone");
        String vera = api().deviceToken("vera", Api.passwordOf("vera"), "vera-phone");
        assertEquals("a login without device gets no stream", 403,
                api().get(INBOX + "/events", administration).status());
        assertEquals("a device token needs its device ID", 401, api().get(INBOX + "/events", admin).status());
        assertEquals(401, api().get(INBOX + "/events", null).status());

        EventStream adminEvents = openEvents(admin, "admin-phone");
        EventStream veraEvents = openEvents(vera, "vera-phone");
        assertEquals(2, openStreamsOnTheServer());

        Path work = Files.createTempDirectory("inbox-it-");
        String study = "2.25." + Math.abs(System.nanoTime());
        List<String> storescu = new ArrayList<>(List.of("storescu", "-aec", "RAYPORT", "127.0.0.1",
                Integer.getInteger("rayport.dicom.port").toString()));
        for (int i = 1; i <= 3; i++) {
            Path file = work.resolve("ct" + i + ".dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                    .write(TestImages.ct("Inbox^Ida", study, study + ".1", i, 64).build(), file);
            storescu.add(file.toString());
        }
        PeerPrograms.run(work, storescu);

        List<String> adminLines = new ArrayList<>();
        JsonNode announced = awaitDataset(adminEvents,
                data -> data.get("study").asText().equals(study) && data.get("instances").asInt() == 3, adminLines);
        assertEquals("default", announced.get("pool").asText());
        assertEquals("Inbox^Ida", announced.get("patientName").asText());
        assertTrue("the stream starts with a comment: " + adminLines, adminLines.get(0).startsWith(":"));

        Reply list = api().get(INBOX, admin, DEVICE, "admin-phone");
        assertEquals(list.body(), 200, list.status());
        JsonNode entries = list.json().get("entries");
        assertEquals(list.body(), 1, entries.size());
        JsonNode entry = entries.get(0);
        assertEquals(study, entry.get("studyInstanceUid").asText());
        assertEquals(3, entry.get("instanceCount").asInt());
        assertEquals("Inbox^Ida", entry.get("patientName").asText());
        assertEquals("CT", entry.get("modalities").get(0).asText());
        assertFalse(entry.get("seen").asBoolean());
        assertEquals(1, api().get(INBOX + "/count", admin, DEVICE, "admin-phone").json().get("new").asInt());

        Reply seen = api().post(INBOX + "/default/" + study + "/seen", admin, "", DEVICE, "admin-phone");
        assertEquals(seen.body(), 204, seen.status());
        assertEquals(0, api().get(INBOX + "/count", admin, DEVICE, "admin-phone").json().get("new").asInt());
        assertTrue(api().get(INBOX, admin, DEVICE, "admin-phone").json().get("entries").get(0).get("seen")
                .asBoolean());
        Reply dismissed = api().delete(INBOX + "/default/" + study, admin, DEVICE, "admin-phone");
        assertEquals(dismissed.body(), 204, dismissed.status());
        assertEquals(0, api().get(INBOX, admin, DEVICE, "admin-phone").json().get("entries").size());
        assertEquals(404, api().delete(INBOX + "/default/" + study, admin, DEVICE, "admin-phone").status());

        Reply veraList = api().get(INBOX, vera, DEVICE, "vera-phone");
        assertEquals(veraList.body(), 200, veraList.status());
        assertEquals("vera has no grant of the default pool", 0, veraList.json().get("entries").size());
        assertEquals(0, api().get(INBOX + "/count", vera, DEVICE, "vera-phone").json().get("new").asInt());
        // Both users' announcements of a flush are sent together: admin's arrived, so vera's would have too.
        List<String> veraLines = new ArrayList<>();
        veraEvents.lines().drainTo(veraLines);
        assertFalse(veraLines.toString(), veraLines.stream().anyMatch(line -> line.startsWith("event:")));

        // A client that goes away: the server notices at a heartbeat (every 30 s) and forgets its stream.
        veraEvents.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (openStreamsOnTheServer() != 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The closed stream is still held: " + openStreamsOnTheServer());
            }
            Thread.sleep(500);
        }
        adminEvents.close();
    }
}
