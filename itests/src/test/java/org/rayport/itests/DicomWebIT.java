package org.rayport.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.rayport.testing.PixelItemFiles;
import org.rayport.itests.RawHttp.Raw;
import org.junit.runners.MethodSorters;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * DICOMweb in the booted distribution: DCMTK's storescu fills the default pool, then QIDO-RS, WADO-RS and STOW-RS are
 * spoken over real HTTP by a user with an approved device, by a user who sees no pool, and without a device; and
 * Orthanc's DICOMweb plugin, configured with Rayport as a DICOMweb server, searches, retrieves and stores as an
 * independent client. Rendered images are compared with DCMTK's {@code dcmj2pnm}, and the npm package
 * {@code dicomweb-client} (the library OHIF's DICOMweb data source is built on), run by node, searches and retrieves as a
 * standard JavaScript client.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DicomWebIT extends RayportTestSupport {

    private static final String DEVICE = RawHttp.DEVICE;
    private static final String ORTHANC_PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    @Inject
    private PoolService pools;


    /** State shared by the ordered tests of this class (one server per class). */
    private static String wendy;
    private static String otto;
    private static String study;
    private static String series;
    private static final List<Path> FILES = new ArrayList<>();
    private static Path work;

    private Raw send(HttpRequest.Builder builder) throws Exception {
        return RawHttp.send(builder, Duration.ofSeconds(60));
    }

    private HttpRequest.Builder request(String path, String token, String device) {
        return RawHttp.request(httpPort(), path, token, device);
    }

    private Raw get(String path, String token, String device, String accept) throws Exception {
        HttpRequest.Builder builder = request(path, token, device).GET();
        if (accept != null) {
            builder.header("Accept", accept);
        }
        return send(builder);
    }

    private Raw wendyGet(String path, String accept) throws Exception {
        return get(path, wendy, "wendy-phone", accept);
    }

    private void awaitRunning(String pool) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Optional<PoolStatus> status = pools.statuses().stream().filter(s -> s.poolId().equals(pool)).findFirst();
            if (status.isPresent() && status.get().state() == PoolStatus.State.RUNNING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Pool " + pool + " is not running: " + pools.statuses());
            }
            Thread.sleep(200);
        }
    }

    private static Attributes ct(String patient, String studyUid, String seriesUid, int number) {
        byte[] pixels = new byte[32 * 32 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 13 + number);
        }
        return Attributes.builder()
                .setString(Tag.named("SpecificCharacterSet"), Vr.CS, "ISO_IR 192")
                .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, seriesUid + "." + number)
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, studyUid)
                .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, seriesUid)
                .setString(Tags.PATIENT_NAME, Vr.PN, patient)
                .setString(Tags.PATIENT_ID, Vr.LO, "PID-" + Math.abs(patient.hashCode()))
                .setString(Tags.STUDY_DATE, Vr.DA, "20261127")
                .setString(Tags.MODALITY, Vr.CS, "CT")
                .setInt(Tags.INSTANCE_NUMBER, Vr.IS, number)
                .setInt(Tags.SAMPLES_PER_PIXEL, Vr.US, 1)
                .setString(Tag.named("PhotometricInterpretation"), Vr.CS, "MONOCHROME2")
                .setInt(Tags.ROWS, Vr.US, 32)
                .setInt(Tags.COLUMNS, Vr.US, 32)
                .setInt(Tags.BITS_ALLOCATED, Vr.US, 16)
                .setInt(Tags.BITS_STORED, Vr.US, 12)
                .setInt(Tag.named("HighBit"), Vr.US, 11)
                .setInt(Tags.PIXEL_REPRESENTATION, Vr.US, 0)
                .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels)
                .build();
    }

    private static String run(List<String> command) throws Exception {
        Path log = Files.createTempFile(work, "cmd", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        assertTrue(command + " finished", process.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertEquals(output, 0, process.exitValue());
        return output;
    }

    /** The parts of a multipart body, split at its boundary (test code: the server's reader is not exported). */
    private static List<byte[]> parts(Raw reply) {
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(reply.contentType());
        assertTrue(reply.contentType(), m.find());
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        byte[] body = reply.body();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + delimiter.length <= body.length; i++) {
            boolean match = true;
            for (int j = 0; j < delimiter.length && match; j++) {
                match = body[i + j] == delimiter[j];
            }
            if (match) {
                starts.add(i);
                i += delimiter.length - 1;
            }
        }
        List<byte[]> parts = new ArrayList<>();
        for (int k = 0; k + 1 < starts.size(); k++) {
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), starts.get(k));
            int contentStart = headerEnd + 4;
            int contentEnd = starts.get(k + 1) - 2;   // the CRLF before the next delimiter
            byte[] part = new byte[contentEnd - contentStart];
            System.arraycopy(body, contentStart, part, 0, part.length);
            parts.add(part);
        }
        return parts;
    }

    /** The Content-Type header of each part of a multipart body. */
    private static List<String> partTypes(Raw reply) {
        Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(reply.contentType());
        assertTrue(reply.contentType(), boundary.find());
        Matcher m = Pattern.compile("--" + Pattern.quote(boundary.group(1)) + "\r\nContent-Type: ([^\r\n]+)\r\n")
                .matcher(new String(reply.body(), StandardCharsets.ISO_8859_1));
        List<String> types = new ArrayList<>();
        while (m.find()) {
            types.add(m.group(1));
        }
        return types;
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static Attributes dataSet(byte[] part10) throws IOException {
        return Part10Reader.read(new ByteArrayInputStream(part10)).dataset();
    }

    private static Set<String> values(JsonNode array, String tag) {
        Set<String> found = new TreeSet<>();
        for (JsonNode item : array) {
            JsonNode value = item.path(tag).path("Value");
            if (value.isTextual()) {
                found.add(value.asText());   // Orthanc's re-formatted answers give single values as strings
            } else if (value.size() > 0) {
                found.add(value.get(0).isObject() ? value.get(0).path("Alphabetic").asText() : value.get(0).asText());
            }
        }
        return found;
    }

    @Test
    public void a_storescuFillsTheDefaultPoolForAUserWithADevice() throws Exception {
        String admin = adminToken();
        api().newUser(admin, "wendy");
        api().newUser(admin, "otto");
        wendy = api().deviceToken("wendy", Api.passwordOf("wendy"), "wendy-phone");
        otto = api().deviceToken("otto", Api.passwordOf("otto"), "otto-phone");
        awaitRunning("default");

        work = Files.createTempDirectory("dicomweb-");
        study = "2.25." + Math.abs(System.nanoTime());
        series = study + ".1";
        List<String> storescu = new ArrayList<>(List.of("storescu", "-aec", "RAYPORT", "127.0.0.1",
                Integer.getInteger("rayport.dicom.port").toString()));
        for (int i = 1; i <= 3; i++) {
            Path file = work.resolve("ct" + i + ".dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct("Webber^Wendy", study, series, i),
                    file);
            FILES.add(file);
            storescu.add(file.toString());
        }
        run(storescu);
        // Granted only now: editing a network-node pool restarts its listener, which at times failed to bind its
        // port again ("Address already in use"); the data is in, and visibility does not depend on the listener.
        Api.Reply granted = api().put("/api/v1/admin/pools/default", admin,
                Api.json("users", new String[] {"admin", "wendy"}));
        assertEquals(granted.body(), 200, granted.status());
    }

    @Test
    public void b_qidoFindsTheStudyByNameDateAndModalityAndItsSeriesAndInstances() throws Exception {
        Raw byName = wendyGet("/dicomweb/studies?PatientName=webber*", null);
        assertEquals(byName.text(), 200, byName.status());
        assertTrue(byName.contentType(), byName.contentType().startsWith("application/dicom+json"));
        assertEquals(Set.of(study), values(byName.json(), "0020000D"));
        JsonNode found = byName.json().get(0);
        assertEquals("Webber^Wendy", found.path("00100010").path("Value").get(0).path("Alphabetic").asText());
        assertEquals(3, found.path("00201208").path("Value").get(0).asInt());
        assertEquals(1, found.path("00201206").path("Value").get(0).asInt());
        assertTrue(found.toString(), found.path("00081190").path("Value").get(0).asText()
                .endsWith("/dicomweb/studies/" + study));

        assertEquals(Set.of(study), values(wendyGet("/dicomweb/studies?StudyDate=20261101-20261130&00100010=WEBBER",
                "application/dicom+json").json(), "0020000D"));
        assertEquals(Set.of(), values(wendyGet("/dicomweb/studies?StudyDate=20250101-20250201&PatientName=webber",
                null).json(), "0020000D"));
        assertEquals(Set.of(study), values(wendyGet("/dicomweb/studies?ModalitiesInStudy=CT&PatientName=webber",
                null).json(), "0020000D"));
        assertEquals("[]", wendyGet("/dicomweb/studies?ModalitiesInStudy=MR&PatientName=webber", null).text());
        assertEquals(Set.of(study), values(wendyGet("/dicomweb/studies?StudyInstanceUID=" + study, null).json(),
                "0020000D"));

        Raw seriesLevel = wendyGet("/dicomweb/studies/" + study + "/series", null);
        assertEquals(Set.of(series), values(seriesLevel.json(), "0020000E"));
        assertEquals(3, seriesLevel.json().get(0).path("00201209").path("Value").get(0).asInt());
        Set<String> sops = Set.of(series + ".1", series + ".2", series + ".3");
        assertEquals(sops, values(wendyGet("/dicomweb/studies/" + study + "/series/" + series + "/instances", null)
                .json(), "00080018"));
        assertEquals(sops, values(wendyGet("/dicomweb/studies/" + study + "/instances", null).json(), "00080018"));
        assertEquals(Set.of(series + ".2"), values(wendyGet("/dicomweb/studies/" + study
                + "/instances?SOPInstanceUID=" + series + ".2", null).json(), "00080018"));

        Raw unknown = wendyGet("/dicomweb/studies?PatientNmae=x", null);
        assertEquals(unknown.text(), 400, unknown.status());
        assertTrue(unknown.text(), unknown.text().contains("PatientNmae"));
        Raw badDate = wendyGet("/dicomweb/studies?StudyDate=2026-11-27", null);
        assertEquals(badDate.text(), 400, badDate.status());
        assertTrue(badDate.text(), badDate.text().contains("StudyDate"));
        assertEquals(406, wendyGet("/dicomweb/studies", "application/dicom+xml").status());
    }

    @Test
    public void c_wadoRetrievesTheSeriesAsMultipartEqualToTheStoredFiles() throws Exception {
        Raw retrieved = wendyGet("/dicomweb/studies/" + study + "/series/" + series,
                "multipart/related; type=\"application/dicom\"");
        assertEquals(retrieved.text(), 200, retrieved.status());
        assertTrue(retrieved.contentType(), retrieved.contentType().contains("type=\"application/dicom\""));
        List<byte[]> parts = parts(retrieved);
        assertEquals(3, parts.size());
        Set<Attributes> expected = new java.util.HashSet<>();
        for (Path file : FILES) {
            expected.add(dataSet(Files.readAllBytes(file)));
        }
        Set<Attributes> got = new java.util.HashSet<>();
        for (byte[] part : parts) {
            got.add(dataSet(part));
        }
        assertEquals(expected, got);

        Raw instance = wendyGet("/dicomweb/studies/" + study + "/series/" + series + "/instances/" + series + ".1",
                null);
        assertEquals(1, parts(instance).size());
        assertEquals(406, wendyGet("/dicomweb/studies/" + study, "multipart/related; type=\"image/jpeg\"").status());
        assertEquals(406, wendyGet("/dicomweb/studies/" + study,
                "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50").status());
        assertEquals(404, wendyGet("/dicomweb/studies/" + study + ".9", null).status());
    }

    @Test
    public void d_metadataIsDicomJsonWhosePixelBulkDataAndFramesAreTheStoredPixels() throws Exception {
        Raw metadata = wendyGet("/dicomweb/studies/" + study + "/series/" + series + "/metadata",
                "application/dicom+json");
        assertEquals(metadata.text(), 200, metadata.status());
        JsonNode instances = metadata.json();
        assertEquals(3, instances.size());
        // Valid DICOM JSON: Rayport's own reader takes it back, the bulk data references resolved as empty values.
        List<Attributes> read = org.rayport.dicom.data.json.DicomJson.readArray(
                new ByteArrayInputStream(metadata.body()),
                (uri, tag, vr) -> org.rayport.dicom.data.BulkData.ofBytes(new byte[0]));
        assertEquals(3, read.size());
        JsonNode first = null;
        for (JsonNode node : instances) {
            if (node.path("00080018").path("Value").get(0).asText().equals(series + ".1")) {
                first = node;
            }
        }
        assertNotNull(first);
        assertEquals("Webber^Wendy", first.path("00100010").path("Value").get(0).path("Alphabetic").asText());
        String uri = first.path("7FE00010").path("BulkDataURI").asText();
        assertTrue(first.toString(), uri.endsWith("/instances/" + series + ".1/bulkdata/7FE00010"));
        byte[] pixels = Part10Reader.read(FILES.get(0)).dataset().getBulkData(Tags.PIXEL_DATA).readAllBytes();

        String path = URI.create(uri).getPath();
        Raw octets = wendyGet(path, "application/octet-stream");
        assertEquals(octets.text(), 200, octets.status());
        assertArrayEquals(pixels, octets.body());
        Raw multipart = wendyGet(path, null);
        assertArrayEquals(pixels, parts(multipart).get(0));
        Raw frame = wendyGet("/dicomweb/studies/" + study + "/series/" + series + "/instances/" + series
                + ".1/frames/1", null);
        assertEquals(frame.text(), 200, frame.status());
        assertArrayEquals(pixels, parts(frame).get(0));
        assertEquals(404, wendyGet("/dicomweb/studies/" + study + "/series/" + series + "/instances/" + series
                + ".1/frames/2", null).status());
    }

    @Test
    public void e_stowStoresTwoFilesIntoTheUserStoragePoolAndReportsTheBadPart() throws Exception {
        String admin = adminToken();
        Raw noPool = stow("/dicomweb/studies", otto, "otto-phone", List.of(Files.readAllBytes(FILES.get(0))));
        assertEquals(noPool.text(), 409, noPool.status());
        assertTrue(noPool.text(), noPool.text().contains("user-storage pool"));

        Api.Reply created = api().post("/api/v1/admin/pools", admin, Api.json("id", "uploads", "type",
                "userstorage", "users", new String[] {"wendy"}));
        assertEquals(created.body(), 201, created.status());
        String uploaded = "2.25." + Math.abs(System.nanoTime());
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct("Upload^Uma", uploaded,
                    uploaded + ".1", i), file);
            bodies.add(file.toByteArray());
        }
        bodies.add(1, "this part is not DICOM".getBytes(StandardCharsets.US_ASCII));
        Raw stored = stow("/dicomweb/studies", wendy, "wendy-phone", bodies);
        assertEquals(stored.text(), 202, stored.status());
        JsonNode answer = stored.json();
        JsonNode referenced = answer.path("00081199").path("Value");
        assertEquals(answer.toString(), 2, referenced.size());
        assertEquals(Set.of(uploaded + ".1.1", uploaded + ".1.2"), values(referenced, "00081155"));
        JsonNode failed = answer.path("00081198").path("Value");
        assertEquals(answer.toString(), 1, failed.size());
        assertEquals(0xC000, failed.get(0).path("00081197").path("Value").get(0).asInt());

        JsonNode found = wendyGet("/dicomweb/studies?PatientName=upload", null).json();
        assertEquals(Set.of(uploaded), values(found, "0020000D"));
        assertEquals(2, found.get(0).path("00201208").path("Value").get(0).asInt());

        Raw mismatch = stow("/dicomweb/studies/" + study, wendy, "wendy-phone", List.of(bodies.get(0)));
        assertEquals(mismatch.text(), 409, mismatch.status());
        assertEquals(0xA900, mismatch.json().path("00081198").path("Value").get(0).path("00081197").path("Value")
                .get(0).asInt());
        assertEquals("the mismatching copy was not kept", 2, wendyGet("/dicomweb/studies?PatientName=upload", null)
                .json().get(0).path("00201208").path("Value").get(0).asInt());
    }

    private Raw stow(String path, String token, String device, List<byte[]> files) throws Exception {
        String boundary = "stow-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] file : files) {
            body.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.write(file);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(request(path, token, device).header("Content-Type",
                "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    @Test
    public void f_aUserWithoutThePoolSeesNothingAndNoDeviceIs403() throws Exception {
        assertEquals("[]", get("/dicomweb/studies?PatientName=webber", otto, "otto-phone", null).text());
        assertEquals(404, get("/dicomweb/studies/" + study + "/series/" + series, otto, "otto-phone", null).status());
        assertEquals("[]", get("/dicomweb/studies/" + study + "/series", otto, "otto-phone", null).text());
        String plain = api().login("wendy", "Pass-of-wendy-1");
        Raw refused = get("/dicomweb/studies", plain, null, null);
        assertEquals(refused.text(), 403, refused.status());
        assertTrue(refused.text(), refused.text().contains("approved device"));
        assertEquals(401, get("/dicomweb/studies", null, null, null).status());
    }

    @Test
    public void g_orthancsDicomWebPluginSearchesRetrievesAndStoresThroughRayport() throws Exception {
        assertTrue("Orthanc's DICOMweb plugin is missing: apt-get install orthanc-dicomweb (scripts/"
                + "install-test-peers.sh lists it)", Files.exists(Path.of(ORTHANC_PLUGIN)));
        Path orthancHome = Files.createTempDirectory(work, "orthanc-");
        int orthancPort = FreePorts.next();
        String config = "{"
                + "\"Name\":\"judge\",\"HttpPort\":" + orthancPort + ",\"DicomServerEnabled\":false,"
                + "\"StorageDirectory\":\"" + orthancHome + "\",\"IndexDirectory\":\"" + orthancHome + "\","
                + "\"RemoteAccessAllowed\":false,\"AuthenticationEnabled\":false,"
                + "\"Plugins\":[\"" + ORTHANC_PLUGIN + "\"],"
                + "\"DicomWeb\":{\"Enable\":true,\"Root\":\"/dicom-web/\",\"Servers\":{\"rayport\":{"
                + "\"Url\":\"http://127.0.0.1:" + httpPort() + "/dicomweb/\","
                + "\"HttpHeaders\":{\"Authorization\":\"Bearer " + wendy + "\",\"X-Device-Id\":\"wendy-phone\"}}}}}";
        Path configFile = orthancHome.resolve("orthanc.json");
        Files.writeString(configFile, config);
        ProcessBuilder builder = new ProcessBuilder("Orthanc", "--verbose", "--logdir=" + orthancHome, configFile.toString())
                .redirectErrorStream(true).redirectOutput(orthancHome.resolve("stdout.log").toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process orthanc = builder.start();
        try {
            String base = "http://127.0.0.1:" + orthancPort;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    if (send(HttpRequest.newBuilder(URI.create(base + "/system")).GET()).status() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                if (System.nanoTime() > deadline || !orthanc.isAlive()) {
                    throw new AssertionError("Orthanc did not start: " + Files.readString(
                            orthancHome.resolve("stdout.log")));
                }
                Thread.sleep(100);
            }
            Raw qido = send(HttpRequest.newBuilder(URI.create(base + "/dicom-web/servers/rayport/qido"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Uri\":\"/studies\",\"Arguments\":"
                            + "{\"PatientName\":\"webber*\",\"StudyDate\":\"20261101-20261130\"}}")));
            assertEquals(qido.text(), 200, qido.status());
            assertEquals(qido.text() + "\n" + orthancLog(orthancHome), Set.of(study), values(qido.json(), "0020000D"));

            Raw retrieve = send(HttpRequest.newBuilder(URI.create(base + "/dicom-web/servers/rayport/retrieve"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Resources\":[{\"Study\":\"" + study + "\"}]}")));
            assertEquals(retrieve.text(), 200, retrieve.status());
            Raw instances = send(HttpRequest.newBuilder(URI.create(base + "/instances?expand")).GET());
            Set<String> retrieved = new TreeSet<>();
            for (JsonNode instance : instances.json()) {
                retrieved.add(instance.path("MainDicomTags").path("SOPInstanceUID").asText());
            }
            assertEquals(Set.of(series + ".1", series + ".2", series + ".3"), retrieved);

            // Orthanc stores its copy back through STOW-RS: into wendy's user-storage pool "uploads".
            String orthancStudy = send(HttpRequest.newBuilder(URI.create(base + "/studies")).GET()).json().get(0)
                    .asText();
            Raw stow = send(HttpRequest.newBuilder(URI.create(base + "/dicom-web/servers/rayport/stow"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Resources\":[\"" + orthancStudy + "\"]}")));
            assertEquals(stow.text(), 200, stow.status());
            assertEquals("the study is now in two visible pools and answered once, from 'default'", 1,
                    wendyGet("/dicomweb/studies?StudyInstanceUID=" + study, null).json().size());
            assertTrue(pools.visibleTo("wendy").contains("uploads"));
            assertEquals(3, instancesInPool("uploads"));
        } finally {
            orthanc.destroy();
            orthanc.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Inject
    private org.rayport.store.DatasetIndex index;

    private static String orthancLog(Path home) throws IOException {
        StringBuilder log = new StringBuilder();
        try (var files = Files.list(home)) {
            for (Path file : files.filter(f -> f.toString().contains(".log")).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                log.append(text.length() > 6000 ? text.substring(text.length() - 6000) : text);
            }
        }
        return log.toString();
    }

    private int instancesInPool(String pool) {
        return index.study(pool, study).map(org.rayport.store.StudyRecord::instanceCount).orElse(0);
    }

    // ------------------------------------------------------------------------------ rendered resources

    private static String renderStudy;
    private static String renderSeries;
    private static Path windowedFile;
    private static Path multiFrameFile;
    private static Path compressedFile;
    private static byte[] renderedPng;

    /**
     * A CT image {@code columns} x {@code rows} with {@code frames} frames, Rescale Intercept -1024 and (if asked) the
     * window 40/400; pixels a diagonal ramp over the 12 bits, shifted per frame, so that every window shows detail.
     */
    private static Attributes image(String sop, int number, int columns, int rows, int frames, boolean window) {
        byte[] pixels = new byte[columns * rows * 2 * frames];
        int i = 0;
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    int value = (x * 4095 / Math.max(1, columns - 1) + y * 23 + f * 900) % 4096;
                    pixels[i++] = (byte) value;
                    pixels[i++] = (byte) (value >> 8);
                }
            }
        }
        Attributes.Builder ct = TestImages.ct("Render^Rita", renderStudy, renderSeries, number, 1)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, sop)
                .setInt(Tags.ROWS, Vr.US, rows)
                .setInt(Tags.COLUMNS, Vr.US, columns)
                .setString(Tag.named("RescaleIntercept"), Vr.DS, "-1024")
                .setString(Tag.named("RescaleSlope"), Vr.DS, "1")
                .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels);
        if (frames > 1) {
            ct.setInt(Tags.NUMBER_OF_FRAMES, Vr.IS, frames);
        }
        if (window) {
            ct.setString(Tag.named("WindowCenter"), Vr.DS, "40").setString(Tag.named("WindowWidth"), Vr.DS, "400");
        }
        return ct.build();
    }

    private String instancePath(Path file) throws IOException {
        return "/dicomweb/studies/" + renderStudy + "/series/" + renderSeries + "/instances/"
                + Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID);
    }

    /** DCMTK's rendering of {@code file} with {@code options}, as an 8-bit grey image. */
    private static BufferedImage dcmj2pnm(Path file, String... options) throws Exception {
        Path pnm = Files.createTempFile(work, "dcmj2pnm", ".pgm");
        List<String> command = new ArrayList<>(List.of("dcmj2pnm", "+op"));
        command.addAll(List.of(options));
        command.add(file.toString());
        command.add(pnm.toString());
        PeerPrograms.run(work, command);
        byte[] b = Files.readAllBytes(pnm);
        String[] header = new String(b, 0, Math.min(b.length, 64), StandardCharsets.US_ASCII).split("\\s+", 5);
        assertEquals("dcmj2pnm +op writes a binary grey PGM", "P5", header[0]);
        assertEquals("255", header[3]);
        int width = Integer.parseInt(header[1]);
        int height = Integer.parseInt(header[2]);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int offset = b.length - width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, b[offset + y * width + x] & 0xFF);
            }
        }
        return image;
    }

    private static BufferedImage decode(Raw picture) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture.body()));
        assertNotNull("ImageIO reads the " + picture.contentType() + " answer", image);
        return image;
    }

    private static void assertWithinOneGreyLevel(String what, BufferedImage expected, BufferedImage actual) {
        assertEquals(what + ": width", expected.getWidth(), actual.getWidth());
        assertEquals(what + ": height", expected.getHeight(), actual.getHeight());
        int max = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                max = Math.max(max, Math.abs(expected.getRaster().getSample(x, y, 0)
                        - actual.getRaster().getSample(x, y, 0)));
            }
        }
        assertTrue(what + ": Rayport differs from dcmj2pnm by " + max + " grey levels", max <= 1);
    }

    @Test
    public void h_renderedInstancesAndFramesEqualDcmj2pnmAndCompressedFramesAreServedDecoded() throws Exception {
        renderStudy = "2.25." + Math.abs(System.nanoTime());
        renderSeries = renderStudy + ".1";
        windowedFile = work.resolve("windowed.dcm");
        multiFrameFile = work.resolve("multiframe.dcm");
        Path uncompressedCopy = work.resolve("to-compress.dcm");
        compressedFile = work.resolve("jpeg-lossless.dcm");
        Part10Writer writer = Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        writer.write(image(renderSeries + ".1", 1, 64, 48, 1, true), windowedFile);
        writer.write(image(renderSeries + ".2", 2, 40, 30, 3, false), multiFrameFile);
        writer.write(image(renderSeries + ".3", 3, 64, 48, 1, true), uncompressedCopy);
        PeerPrograms.run(work, List.of("dcmcjpeg", uncompressedCopy.toString(), compressedFile.toString()));
        Raw stored = stow("/dicomweb/studies", wendy, "wendy-phone", List.of(Files.readAllBytes(windowedFile),
                Files.readAllBytes(multiFrameFile), Files.readAllBytes(compressedFile)));
        assertEquals(stored.text(), 200, stored.status());

        String windowed = instancePath(windowedFile);
        Raw png = wendyGet(windowed + "/rendered?window=40,400,linear", "image/png");
        assertEquals(png.text(), 200, png.status());
        assertEquals("image/png", png.contentType());
        renderedPng = png.body();
        assertWithinOneGreyLevel("window 40/400", dcmj2pnm(windowedFile, "+Ww", "40", "400"), decode(png));
        assertWithinOneGreyLevel("the data set's window", dcmj2pnm(windowedFile, "+Wi", "1"),
                decode(wendyGet(windowed + "/rendered", "image/png")));
        assertWithinOneGreyLevel("window -300/1200", dcmj2pnm(windowedFile, "+Ww", "-300", "1200"),
                decode(wendyGet(windowed + "/rendered?window=-300,1200", "image/png")));

        String multiFrame = instancePath(multiFrameFile);
        Raw frame = wendyGet(multiFrame + "/frames/2/rendered?window=2000,3000", "image/png");
        assertEquals(frame.text(), 200, frame.status());
        assertWithinOneGreyLevel("frame 2, window 2000/3000",
                dcmj2pnm(multiFrameFile, "+F", "2", "+Ww", "2000", "3000"), decode(frame));
        assertWithinOneGreyLevel("frame 3, min-max window", dcmj2pnm(multiFrameFile, "+F", "3", "+Wm"),
                decode(wendyGet(multiFrame + "/frames/3/rendered", "image/png")));

        Raw jpeg = wendyGet(windowed + "/rendered", null);
        assertEquals(jpeg.text(), 200, jpeg.status());
        assertEquals("image/jpeg", jpeg.contentType());
        assertEquals("JPEG SOI marker", 0xFFD8, ((jpeg.body()[0] & 0xFF) << 8) | (jpeg.body()[1] & 0xFF));
        assertEquals(64, decode(jpeg).getWidth());
        BufferedImage fitted = decode(wendyGet(windowed + "/rendered?viewport=32,32", "image/png"));
        assertEquals("64 x 48 fitted into 32 x 32", List.of(32, 24), List.of(fitted.getWidth(), fitted.getHeight()));
        BufferedImage thumbnail = decode(wendyGet("/dicomweb/studies/" + renderStudy + "/series/" + renderSeries
                + "/thumbnail", "image/jpeg"));
        assertTrue(thumbnail.getWidth() + " wide", thumbnail.getWidth() <= 128 && thumbnail.getWidth() > 0);
        Raw studyThumbnail = wendyGet("/dicomweb/studies/" + renderStudy + "/thumbnail", null);
        assertEquals(studyThumbnail.text(), 200, studyThumbnail.status());
        assertEquals("image/jpeg", studyThumbnail.contentType());
        assertEquals(404, get("/dicomweb/studies/" + renderStudy + "/thumbnail", otto, "otto-phone", null).status());
        assertWithinOneGreyLevel("rendered from JPEG lossless storage", dcmj2pnm(compressedFile, "+Ww", "40", "400"),
                decode(wendyGet(instancePath(compressedFile) + "/rendered?window=40,400", "image/png")));

        Raw badWindow = wendyGet(windowed + "/rendered?window=40", "image/png");
        assertEquals(badWindow.text(), 400, badWindow.status());
        assertEquals("window", badWindow.json().path("field").asText());
        Raw sigmoid = wendyGet(windowed + "/rendered?window=40,400,sigmoid", null);
        assertEquals(sigmoid.text(), 400, sigmoid.status());
        Raw badViewport = wendyGet(windowed + "/rendered?viewport=0,10", null);
        assertEquals("viewport", badViewport.json().path("field").asText());
        assertEquals(404, wendyGet(multiFrame + "/frames/4/rendered", null).status());
        assertEquals(406, wendyGet(windowed + "/rendered", "image/gif").status());
        Raw otherUser = get(windowed + "/rendered", otto, "otto-phone", "image/png");
        assertEquals(otherUser.text(), 404, otherUser.status());
        assertEquals(404, get(windowed + "/frames/1/rendered", otto, "otto-phone", null).status());
        assertEquals(403, get(windowed + "/rendered", api().login("wendy", "Pass-of-wendy-1"), null, null).status());

        byte[] original = Part10Reader.read(uncompressedCopy).dataset().getBulkData(Tags.PIXEL_DATA).readAllBytes();
        Raw decodedFrame = wendyGet(instancePath(compressedFile) + "/frames/1",
                "multipart/related; type=\"application/octet-stream\"");
        assertEquals(decodedFrame.text(), 200, decodedFrame.status());
        assertArrayEquals("JPEG lossless frame served decoded", original, parts(decodedFrame).get(0));
        byte[] allFrames = Part10Reader.read(multiFrameFile).dataset().getBulkData(Tags.PIXEL_DATA).readAllBytes();
        List<byte[]> frames23 = parts(wendyGet(multiFrame + "/frames/2,3", null));
        assertArrayEquals(java.util.Arrays.copyOfRange(allFrames, 40 * 30 * 2, 40 * 30 * 4), frames23.get(0));
        assertArrayEquals(java.util.Arrays.copyOfRange(allFrames, 40 * 30 * 4, 40 * 30 * 6), frames23.get(1));
        assertEquals(406, wendyGet(instancePath(compressedFile) + "/frames/1",
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.4.80")
                .status());
    }

    @Test
    public void i_dicomwebClientFromNpmSearchesAndRetrievesAsAStandardClient() throws Exception {
        Path client = DicomWebClientScript.install(work);
        Path out = Files.createDirectories(work.resolve("dicomweb-client-out"));
        String sop = series + ".1";
        String config = Api.JSON.writeValueAsString(java.util.Map.of(
                "url", "http://127.0.0.1:" + httpPort() + "/dicomweb",
                "headers", java.util.Map.of("Authorization", "Bearer " + wendy, DEVICE, "wendy-phone"),
                "study", study, "series", series, "sop", sop,
                "renderStudy", renderStudy, "renderSeries", renderSeries,
                "renderSop", Part10Reader.read(windowedFile).dataset().getString(Tags.SOP_INSTANCE_UID),
                "compressedSop", Part10Reader.read(compressedFile).dataset().getString(Tags.SOP_INSTANCE_UID),
                "out", out.toString()));
        JsonNode result = Api.JSON.readTree(DicomWebClientScript.run(client, work, config));

        assertTrue(result.toString(), values(result.path("studies"), "0020000D").contains(study));
        assertEquals(Set.of(series), values(result.path("series"), "0020000E"));
        assertEquals(Set.of(series + ".1", series + ".2", series + ".3"), values(result.path("metadata"), "00080018"));
        assertEquals("Webber^Wendy", result.path("metadata").get(0).path("00100010").path("Value").get(0)
                .path("Alphabetic").asText());
        assertEquals("retrieveInstance gives the stored instance", dataSet(Files.readAllBytes(FILES.get(0))),
                dataSet(Files.readAllBytes(out.resolve("instance.dcm"))));
        byte[] pixels = Part10Reader.read(FILES.get(0)).dataset().getBulkData(Tags.PIXEL_DATA).readAllBytes();
        assertEquals(1, result.path("frameCount").asInt());
        assertArrayEquals("retrieveInstanceFrames gives the pixels", pixels, Files.readAllBytes(out.resolve("frame.raw")));
        byte[] decompressed = Part10Reader.read(work.resolve("to-compress.dcm")).dataset()
                .getBulkData(Tags.PIXEL_DATA).readAllBytes();
        assertArrayEquals("retrieveInstanceFrames of the JPEG lossless instance gives its pixels", decompressed,
                Files.readAllBytes(out.resolve("compressed-frame.raw")));
        assertArrayEquals("retrieveInstanceRendered gives the PNG a plain GET gives", renderedPng,
                Files.readAllBytes(out.resolve("rendered.png")));
    }

    /** The items of the pixel data sequence of {@code file}, written out by {@code dcmdump +W}: offset table first. */
    private static List<byte[]> pixelItems(Path file) throws Exception {
        Path out = Files.createDirectories(work.resolve(file.getFileName() + "-items"));
        String dump = PeerPrograms.run(work, List.of("dcmdump", "+W", out.toString(), file.toString()));
        List<byte[]> items = PixelItemFiles.read(out);
        assertTrue("dcmdump +W wrote no pixel items:\n" + dump, items.size() > 1);
        return items;
    }

    @Test
    public void j_compressedFramesAreServedAsStoredWhenAskedAndDecodedByDefault() throws Exception {
        Path uncompressed = work.resolve("frames-native.dcm");
        Path jpeg = work.resolve("frames-jpeg-lossless.dcm");
        Path jls = work.resolve("frames-jpeg-ls.dcm");
        Part10Writer writer = Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        writer.write(image(renderSeries + ".20", 20, 48, 32, 4, false), uncompressed);
        PeerPrograms.run(work, List.of("dcmcjpeg", uncompressed.toString(), jpeg.toString()));
        writer.write(image(renderSeries + ".21", 21, 48, 32, 4, false), work.resolve("frames-native-2.dcm"));
        PeerPrograms.run(work, List.of("dcmcjpls", work.resolve("frames-native-2.dcm").toString(), jls.toString()));
        Raw stored = stow("/dicomweb/studies", wendy, "wendy-phone", List.of(Files.readAllBytes(jpeg),
                Files.readAllBytes(jls)));
        assertEquals(stored.text(), 200, stored.status());
        byte[] nativeFrames = Part10Reader.read(uncompressed).dataset().getBulkData(Tags.PIXEL_DATA).readAllBytes();
        int frameLength = 48 * 32 * 2;
        String jpegLossless = "1.2.840.10008.1.2.4.70";
        String jpegLs = "1.2.840.10008.1.2.4.80";

        // JPEG-LS asked for by its media type: frames 1 and 3 are the file's fragments 1 and 3 (one per frame).
        List<byte[]> jlsItems = pixelItems(jls);
        assertEquals("offset table and 4 fragments", 5, jlsItems.size());
        Raw jlsFrames = wendyGet(instancePath(jls) + "/frames/1,3", "multipart/related; type=\"image/jls\"");
        assertEquals(jlsFrames.text(), 200, jlsFrames.status());
        assertTrue(jlsFrames.contentType(), jlsFrames.contentType().contains("type=\"image/jls\""));
        assertEquals(List.of("image/jls; transfer-syntax=" + jpegLs, "image/jls; transfer-syntax=" + jpegLs),
                partTypes(jlsFrames));
        assertArrayEquals("JPEG-LS frame 1 as stored", jlsItems.get(1), parts(jlsFrames).get(0));
        assertArrayEquals("JPEG-LS frame 3 as stored", jlsItems.get(3), parts(jlsFrames).get(1));

        // JPEG lossless with transfer-syntax=* (what OHIF asks): as stored, the part naming the syntax.
        List<byte[]> jpegItems = pixelItems(jpeg);
        assertEquals("offset table and 4 fragments", 5, jpegItems.size());
        Raw anySyntax = wendyGet(instancePath(jpeg) + "/frames/2",
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
        assertEquals(anySyntax.text(), 200, anySyntax.status());
        assertEquals(List.of("application/octet-stream; transfer-syntax=" + jpegLossless), partTypes(anySyntax));
        assertArrayEquals("JPEG lossless frame 2 as stored", jpegItems.get(2), parts(anySyntax).get(0));
        Raw jpegType = wendyGet(instancePath(jpeg) + "/frames/4", "multipart/related; type=\"image/jpeg\"; "
                + "transfer-syntax=" + jpegLossless);
        assertEquals(List.of("image/jpeg; transfer-syntax=" + jpegLossless), partTypes(jpegType));
        assertArrayEquals("JPEG lossless frame 4 as stored", jpegItems.get(4), parts(jpegType).get(0));

        // Decoded requests still get native bytes: no transfer-syntax, or the uncompressed one.
        String explicitLittle = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        Raw decoded = wendyGet(instancePath(jpeg) + "/frames/2,4", "multipart/related; type=\"application/octet-stream\"");
        assertEquals(decoded.text(), 200, decoded.status());
        assertEquals(List.of("application/octet-stream; transfer-syntax=" + explicitLittle,
                "application/octet-stream; transfer-syntax=" + explicitLittle), partTypes(decoded));
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, frameLength, 2 * frameLength),
                parts(decoded).get(0));
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, 3 * frameLength, 4 * frameLength),
                parts(decoded).get(1));
        Raw decodedLs = wendyGet(instancePath(jls) + "/frames/3", "multipart/related; type=\"application/octet-stream\";"
                + " transfer-syntax=" + explicitLittle);
        byte[] nativeLs = Part10Reader.read(work.resolve("frames-native-2.dcm")).dataset()
                .getBulkData(Tags.PIXEL_DATA).readAllBytes();
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeLs, 2 * frameLength, 3 * frameLength),
                parts(decodedLs).get(0));

        // Another compressed syntax than the stored one is not made here; a later acceptable range is served.
        Raw otherSyntax = wendyGet(instancePath(jpeg) + "/frames/1", "multipart/related; type=\"image/jls\"");
        assertEquals(otherSyntax.text(), 406, otherSyntax.status());
        assertTrue(otherSyntax.text(), otherSyntax.text().contains(jpegLossless));
        Raw fallback = wendyGet(instancePath(jpeg) + "/frames/1", "multipart/related; type=\"image/jls\", "
                + "multipart/related; type=\"application/octet-stream\"");
        assertEquals(fallback.text(), 200, fallback.status());
        assertArrayEquals(java.util.Arrays.copyOfRange(nativeFrames, 0, frameLength), parts(fallback).get(0));
        assertEquals(404, wendyGet(instancePath(jls) + "/frames/5", "multipart/related; type=\"image/jls\"")
                .status());
    }
}
