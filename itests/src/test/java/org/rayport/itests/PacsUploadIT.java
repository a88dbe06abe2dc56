package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.pacsupload.AcceptedObject;
import org.rayport.pacsupload.ClientObjects;
import org.rayport.pacsupload.PacsUpload;
import org.rayport.pacsupload.UploadEntry;
import org.rayport.pacsupload.UploadState;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The PACS upload module in the running distribution, with Orthanc as the PACS: the share pool made at the first
 * start beside the default pool, entries that wait while the pacs-upload module is not licensed, and the queue that
 * drains into Orthanc once a licence made by the vendor's tool switches the module on, without a restart.
 */
public class PacsUploadIT extends RayportTestSupport {

    private static final String ORTHANC_PORT = "rayport.itest.orthanc.port";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Inject
    private PacsUpload upload;

    @Inject
    private ClientObjects clientObjects;

    @Inject
    private PoolService pools;

    /** Runs in the test driver: the issuer's key pair, and the PACS settings pointing at the Orthanc to come. */
    @Override
    @Configuration
    public Option[] config() throws IOException {
        int orthancPort = FreePorts.next();
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.addAll(TestLicences.trustedTestKey());
        options.add(systemProperty(ORTHANC_PORT).value(Integer.toString(orthancPort)));
        String pid = "etc/org.rayport.pacsupload.cfg";
        options.add(editConfigurationFilePut(pid, "pacsHost", "127.0.0.1"));
        options.add(editConfigurationFilePut(pid, "pacsPort", Integer.toString(orthancPort)));
        options.add(editConfigurationFilePut(pid, "calledAeTitle", "ORTHANC"));
        options.add(editConfigurationFilePut(pid, "retryDelaySeconds", "1"));
        options.add(editConfigurationFilePut(pid, "maxRetryDelaySeconds", "2"));
        return options.toArray(new Option[0]);
    }

    private Path licence(String registrationKey, String modules) throws IOException {
        return TestLicences.issue(home(), registrationKey, Instant.now().plus(60, ChronoUnit.DAYS), modules, 8);
    }

    /** By class name: the probe would not see the sender's internal class as assignable. */
    private boolean senderRunning() {
        try {
            ServiceReference<?>[] senders = bundleContext.getAllServiceReferences(
                    "org.rayport.pacsupload.internal.PacsSender", null);
            return senders != null && senders.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + PATIENCE + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    private UploadEntry awaitSent(long id) throws InterruptedException {
        await("entry " + id + " is sent: " + upload.entry(id),
                () -> upload.entry(id).orElseThrow().state() == UploadState.SENT);
        return upload.entry(id).orElseThrow();
    }

    private static Path ct(Path dir) throws IOException {
        String study = "2.25." + Math.abs(System.nanoTime());
        Attributes slice = TestImages.ct("Upload^Itest", study, study + ".2", 1, 32).build();
        Path file = dir.resolve(slice.getString(Tags.SOP_INSTANCE_UID) + ".dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(slice, file);
        return file;
    }

    private AcceptedObject accept(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return clientObjects.accept("admin", in);
        }
    }

    @Test
    public void entriesWaitForTheLicenceAndThenReachOrthancWithoutARestart() throws Exception {
        String admin = adminToken();
        Path work = Files.createTempDirectory(home(), "upload-");
        Pool share = pools.pool("share").orElseThrow(() -> new AssertionError("no share pool: " + pools.pools()));
        assertEquals(PoolType.USER_STORAGE, share.type());
        assertEquals(Set.of(), share.users());
        assertTrue("the default pool is made beside the share pool: " + pools.pools(), pools.pool("default").isPresent());

        try (ItestOrthanc orthanc = ItestOrthanc.start(work, Integer.getInteger(ORTHANC_PORT))) {
            AcceptedObject unlicensed = accept(ct(work));
            assertNull("not queued without the licence", unlicensed.upload());
            assertEquals("share", unlicensed.stored().poolId());
            UploadEntry waiting = upload.submit("share", unlicensed.stored().sopInstanceUid());
            assertFalse("without the licence the sender does not run", senderRunning());
            JsonNode summary = api().get("/api/v1/admin/pacs-upload", admin).json();
            assertEquals(summary.toString(), "waiting for the pacs-upload licence", summary.get("sender").asText());
            assertEquals("ORTHANC@127.0.0.1:" + orthanc.dicomPort, summary.get("pacs").asText());
            assertTrue(summary.toString(), summary.get("counts").get("PENDING").asLong() >= 1);
            assertEquals(0, upload.entry(waiting.id()).orElseThrow().attempts());

            String key = api().get("/api/v1/admin/license", admin).json().get("registrationKey").asText();
            Api.Reply installed = api().put("/api/v1/admin/license", admin, "application/octet-stream",
                    Files.readAllBytes(licence(key, "pacs-upload")));
            assertEquals(installed.body(), 200, installed.status());
            await("the sender starts with the licence", this::senderRunning);
            UploadEntry sent = awaitSent(waiting.id());
            assertNotNull(sent.sentAt());
            assertTrue(orthanc.has(unlicensed.stored().sopInstanceUid()));

            AcceptedObject licensed = accept(ct(work));
            assertNotNull("queued with the licence", licensed.upload());
            awaitSent(licensed.upload().id());
            assertTrue(orthanc.has(licensed.stored().sopInstanceUid()));

            assertEquals("sending", api().get("/api/v1/admin/pacs-upload", admin).json().get("sender").asText());
            JsonNode sentList = api().get("/api/v1/admin/pacs-upload/queue?state=sent", admin).json();
            assertTrue(sentList.toString(), sentList.size() >= 2);
            assertEquals("SENT", sentList.get(0).get("state").asText());
            Api.Reply unknown = api().post("/api/v1/admin/pacs-upload/queue/999999/retry", admin, "{}");
            assertEquals(unknown.body(), 404, unknown.status());
            assertEquals(400, api().get("/api/v1/admin/pacs-upload/queue?state=lost", admin).status());
            assertEquals(401, api().get("/api/v1/admin/pacs-upload", null).status());

            String listed = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:upload-list --state sent");
            assertTrue(listed, listed.contains("sender: sending") && listed.contains(licensed.stored().sopInstanceUid()));
            assertTrue(Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:upload-list --state failed")
                    .contains("No entries"));
            String retried = Ssh.run(sshPort(), "admin", ADMIN_PASSWORD, "rayport:upload-retry --all-failed");
            assertTrue(retried, retried.contains("0 failed entries are pending again"));
        } finally {
            api().delete("/api/v1/admin/license", admin);
        }
    }

    /** Orthanc on the port the server was configured with, on the loopback, its storage in the test's folder. */
    static final class ItestOrthanc implements AutoCloseable {
        final int dicomPort;
        final int httpPort;
        private final Process process;

        private ItestOrthanc(int dicomPort, int httpPort, Process process) {
            this.dicomPort = dicomPort;
            this.httpPort = httpPort;
            this.process = process;
        }

        static ItestOrthanc start(Path work, int dicomPort) throws Exception {
            if (!new File("/usr/sbin/Orthanc").canExecute()) {
                throw new AssertionError("Orthanc is missing; scripts/install-test-peers.sh installs it");
            }
            int httpPort = FreePorts.next();
            Path config = work.resolve("orthanc.json");
            Files.writeString(config, "{\"Name\":\"itest\",\"StorageDirectory\":\"" + work.resolve("storage")
                    + "\",\"IndexDirectory\":\"" + work.resolve("index") + "\",\"DicomAet\":\"ORTHANC\","
                    + "\"DicomPort\":" + dicomPort + ",\"HttpPort\":" + httpPort + ",\"RemoteAccessAllowed\":false,"
                    + "\"AuthenticationEnabled\":false,\"DicomCheckCalledAet\":true,\"DicomAlwaysAllowStore\":true,"
                    + "\"Plugins\":[]}");
            ProcessBuilder builder = new ProcessBuilder("/usr/sbin/Orthanc", "--logdir=" + work, config.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("orthanc.out").toFile());
            builder.environment().put("TCP_NODELAY", "1");
            ItestOrthanc orthanc = new ItestOrthanc(dicomPort, httpPort, builder.start());
            try {
                for (int port : List.of(dicomPort, httpPort)) {
                    await("Orthanc listens on " + port, () -> listening(port));
                }
            } catch (AssertionError | InterruptedException e) {
                orthanc.close();
                throw e;
            }
            return orthanc;
        }

        private static boolean listening(int port) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }

        boolean has(String sopInstanceUid) throws Exception {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/tools/lookup"))
                    .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(answer.body(), 200, answer.statusCode());
            return answer.body().contains("\"Instance\"");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
