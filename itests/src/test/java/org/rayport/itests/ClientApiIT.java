package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;
import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolStatus;
import org.rayport.store.Deletion;
import org.rayport.store.InstanceStore;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The client API in the booted distribution, as a phone app uses it: DCMTK's storescu fills the default pool with a
 * study (a signed 16-bit CT series and a 12-bit CT series), then the administrator, logged in from a device, searches,
 * lists, downloads (original, lossless, JPEG, auto), renders and archives it; DCMTK ({@code dcmdump},
 * {@code dcmdjpeg}) and gdcm ({@code gdcminfo --md5sum}) judge the files. A second user without the pool sees nothing,
 * and a token without a device is refused.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClientApiIT extends RayportTestSupport {

    private static final String DEVICE = "X-Device-Id";
    private static final String CLIENT = "/api/v1/client";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    private static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";

    /** The study sent once per class: its UID, and the files as sent by SOP Instance UID. */
    private static String study;
    private static String ct16Series;
    private static String ct12Series;
    private static final Map<String, Path> SENT = new TreeMap<>();
    private static String ct16;
    private static String ct12;
    private static Path work;

    @Inject
    private PoolService pools;

    @Inject
    private InstanceStore store;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Download(int status, byte[] body, HttpResponse<byte[]> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() throws IOException {
            return Api.JSON.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private Download get(String path, String token, String deviceId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).GET();
        if (deviceId != null) {
            request.header(DEVICE, deviceId);
        }
        HttpResponse<byte[]> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Download(reply.statusCode(), reply.body(), reply);
    }

    private static String adminDevice;

    private String adminDeviceToken() throws Exception {
        if (adminDevice == null) {
            adminToken();
            adminDevice = api().deviceToken("admin", ADMIN_PASSWORD, "admin-tablet");
        }
        return adminDevice;
    }

    private Download admin(String path) throws Exception {
        return get(path, adminDeviceToken(), "admin-tablet");
    }

    /** A CT slice with a disc and a ramp, so that compression and rendering have structure to work on. */
    private static Attributes ct(String series, int number, int bitsStored, boolean signed) {
        int size = 128;
        byte[] pixels = new byte[size * size * 2];
        int max = (1 << bitsStored) - 1;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = x - size / 2.0;
                double dy = y - size / 2.0;
                double v = 0.1 + 0.5 * x / size + (dx * dx + dy * dy < size * size / 9.0 ? 0.3 : 0)
                        + 0.05 * Math.sin(x * 0.7 + y * 1.3 + number);
                int value = (int) Math.max(0, Math.min(max, v * max));
                if (signed) {
                    value -= 1 << (bitsStored - 1);
                }
                int i = 2 * (y * size + x);
                pixels[i] = (byte) value;
                pixels[i + 1] = (byte) (value >> 8);
            }
        }
        return Attributes.builder()
                .setString(Tag.named("SpecificCharacterSet"), Vr.CS, "ISO_IR 192")
                .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, series + "." + number)
                .setString(Tag.named("StudyInstanceUID"), Vr.UI, study)
                .setString(Tag.named("SeriesInstanceUID"), Vr.UI, series)
                .setString(Tag.named("PatientName"), Vr.PN, "Client^Api")
                .setString(Tag.named("PatientID"), Vr.LO, "CLIENT-1")
                .setString(Tag.named("PatientBirthDate"), Vr.DA, "19600229")
                .setString(Tag.named("StudyDate"), Vr.DA, "20261126")
                .setString(Tag.named("AccessionNumber"), Vr.SH, "ACC-CLIENT")
                .setString(Tag.named("StudyDescription"), Vr.LO, "CT Abdomen")
                .setString(Tag.named("Modality"), Vr.CS, "CT")
                .setInt(Tag.named("SeriesNumber"), Vr.IS, bitsStored)
                .setInt(Tag.named("InstanceNumber"), Vr.IS, number)
                .setInt(Tag.named("SamplesPerPixel"), Vr.US, 1)
                .setString(Tag.named("PhotometricInterpretation"), Vr.CS, "MONOCHROME2")
                .setInt(Tag.named("Rows"), Vr.US, size)
                .setInt(Tag.named("Columns"), Vr.US, size)
                .setInt(Tag.named("BitsAllocated"), Vr.US, 16)
                .setInt(Tag.named("BitsStored"), Vr.US, bitsStored)
                .setInt(Tag.named("HighBit"), Vr.US, bitsStored - 1)
                .setInt(Tag.named("PixelRepresentation"), Vr.US, signed ? 1 : 0)
                .setString(Tag.named("RescaleIntercept"), Vr.DS, signed ? "0" : "-1024")
                .setString(Tag.named("RescaleSlope"), Vr.DS, "1")
                .setString(Tag.named("WindowCenter"), Vr.DS, "40")
                .setString(Tag.named("WindowWidth"), Vr.DS, "400")
                .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels)
                .build();
    }

    private static String run(List<String> command) throws Exception {
        Path log = Files.createTempFile(work, command.get(0), ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException missing) {
            throw new AssertionError(command.get(0) + " cannot be run: install the test peers"
                    + " (scripts/install-test-peers.sh: dcmtk, libgdcm-tools)", missing);
        }
        assertTrue(command + " finished", process.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertEquals(command + ": " + output, 0, process.exitValue());
        return output;
    }

    private void awaitDefaultPool() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Optional<PoolStatus> status = pools.statuses().stream().filter(s -> s.poolId().equals("default"))
                    .findFirst();
            if (status.isPresent() && status.get().state() == PoolStatus.State.RUNNING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The default pool is not running: " + pools.statuses());
            }
            Thread.sleep(200);
        }
    }

    /** Sends the study once: two signed 16-bit slices and one 12-bit slice, with storescu. */
    private void studySent() throws Exception {
        if (study != null) {
            return;
        }
        awaitDefaultPool();
        work = Files.createTempDirectory("client-api-");
        String uid = "2.25." + Math.abs(System.nanoTime());
        study = uid;
        ct16Series = uid + ".16";
        ct12Series = uid + ".12";
        List<Attributes> instances = List.of(ct(ct16Series, 1, 16, true), ct(ct16Series, 2, 16, true),
                ct(ct12Series, 1, 12, false));
        List<String> storescu = new ArrayList<>(List.of("storescu", "-aec", "RAYPORT", "127.0.0.1",
                Integer.getInteger("rayport.dicom.port").toString()));
        for (Attributes instance : instances) {
            String sop = instance.getString(Tags.SOP_INSTANCE_UID);
            Path file = work.resolve(sop + ".dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(instance, file);
            SENT.put(sop, file);
            storescu.add(file.toString());
        }
        run(storescu);
        ct16 = ct16Series + ".1";
        ct12 = ct12Series + ".1";
    }

    private static String instancePath(String sop) {
        return CLIENT + "/pools/default/instances/" + sop;
    }

    /** The data set as dcmdump prints it, without the File Meta Information (which the store writes anew). */
    private static String dataSetDump(Path file) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (String line : run(List.of("dcmdump", "-q", "+L", "-Un", file.toString())).split("\n")) {
            if (line.startsWith("(") && !line.startsWith("(0002,")) {
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }

    private static String pixelMd5(Path file) throws Exception {
        for (String line : run(List.of("gdcminfo", "--md5sum", file.toString())).split("\n")) {
            if (line.startsWith("md5sum:")) {
                return line.substring("md5sum:".length()).strip();
            }
        }
        throw new AssertionError("gdcminfo printed no md5sum for " + file);
    }

    private static Path save(Download download, String name) throws IOException {
        Path file = work.resolve(name);
        Files.write(file, download.body());
        return file;
    }

    private static void assertError(Download reply, int status, String field) throws IOException {
        assertEquals(reply.text(), status, reply.status());
        JsonNode error = reply.json();
        assertEquals(reply.text(), status, error.get("status").asInt());
        if (field != null) {
            assertEquals(reply.text(), field, error.get("field").asText());
        }
    }

    @Test
    public void a_searchFindsTheStudyAndRefusesMalformedParametersByName() throws Exception {
        studySent();
        Download found = admin(CLIENT + "/studies?patientName=client%5Eapi&modality=ct&from=2026-11-01&to=2026-11-30");
        assertEquals(found.text(), 200, found.status());
        JsonNode page = found.json();
        assertEquals(found.text(), 1, page.get("total").asInt());
        JsonNode item = page.get("items").get(0);
        assertEquals("default/" + study, item.get("id").asText());
        assertEquals("default", item.get("pool").asText());
        assertEquals(study, item.get("studyInstanceUid").asText());
        assertEquals("Client^Api", item.get("patientName").asText());
        assertEquals("1960-02-29", item.get("birthDate").asText());
        assertEquals("2026-11-26", item.get("studyDate").asText());
        assertEquals("ACC-CLIENT", item.get("accession").asText());
        assertEquals("CT", item.get("modalities").get(0).asText());
        assertEquals(2, item.get("seriesCount").asInt());
        assertEquals(3, item.get("instanceCount").asInt());

        Download none = admin(CLIENT + "/studies?patientName=client%5Eapi&to=2026-11-25");
        assertEquals(0, none.json().get("total").asInt());
        assertError(admin(CLIENT + "/studies?limit=0"), 400, "limit");
        assertError(admin(CLIENT + "/studies?limit=1001"), 400, "limit");
        assertError(admin(CLIENT + "/studies?from=2026-13-01"), 400, "from");
        assertError(admin(CLIENT + "/studies?sort=size"), 400, "sort");

        JsonNode paths = api().get("/api/v1/openapi.json", null).json().get("paths");
        for (String path : List.of(CLIENT + "/studies", CLIENT + "/pools/{pool}/studies/{study}",
                CLIENT + "/pools/{pool}/instances/{sop}", CLIENT + "/pools/{pool}/studies/{study}/archive")) {
            assertTrue(path + " in the OpenAPI document", paths.has(path));
        }
    }

    @Test
    public void b_studySeriesAndInstancesAreListed() throws Exception {
        studySent();
        Download detail = admin(CLIENT + "/pools/default/studies/" + study);
        assertEquals(detail.text(), 200, detail.status());
        JsonNode series = detail.json().get("series");
        assertEquals(detail.text(), 2, series.size());
        assertEquals("series by number: 12 bits first", ct12Series, series.get(0).get("seriesInstanceUid").asText());
        assertEquals(2, series.get(1).get("instanceCount").asInt());

        Download instances = admin(CLIENT + "/pools/default/series/" + ct16Series + "/instances");
        assertEquals(instances.text(), 200, instances.status());
        assertEquals(2, instances.json().size());
        assertEquals(ct16Series + ".1", instances.json().get(0).get("sopInstanceUid").asText());
        assertEquals(ct16Series + ".2", instances.json().get(1).get("sopInstanceUid").asText());
        assertError(admin(CLIENT + "/pools/default/series/1.2.3.4/instances"), 404, null);
        assertError(admin(CLIENT + "/pools/default/studies/1.2.3.4"), 404, null);
    }

    @Test
    public void c_theOriginalIsTheDataSetThatWasSent() throws Exception {
        studySent();
        for (String sop : List.of(ct16, ct12)) {
            Download original = admin(instancePath(sop));
            assertEquals(original.text(), 200, original.status());
            assertEquals("application/dicom", original.header("Content-Type"));
            Path received = save(original, "original-" + sop + ".dcm");
            String syntax = Part10Reader.read(received).transferSyntax().uid();
            assertEquals(syntax, original.header("X-Rayport-Transfer-Syntax"));
            assertTrue("stored as storescu sent it, uncompressed: " + syntax,
                    syntax.equals(EXPLICIT_LE) || syntax.equals(IMPLICIT_LE));
            assertEquals(dataSetDump(SENT.get(sop)), dataSetDump(received));
            assertEquals(pixelMd5(SENT.get(sop)), pixelMd5(received));
        }
        assertError(admin(instancePath("1.2.3.4")), 404, null);
        assertError(admin(instancePath(ct12) + "?transfer=smaller"), 400, "transfer");
    }

    @Test
    public void d_losslessOf16BitsDecodesToTheSamePixels() throws Exception {
        studySent();
        Download lossless = admin(instancePath(ct16) + "?transfer=lossless");
        assertEquals(lossless.text(), 200, lossless.status());
        assertEquals(JPEG_LOSSLESS_SV1, lossless.header("X-Rayport-Transfer-Syntax"));
        Path compressed = save(lossless, "lossless.dcm");
        assertTrue(run(List.of("dcmdump", "-q", "-M", "-Un", compressed.toString())).contains(JPEG_LOSSLESS_SV1));
        assertTrue("compressed", Files.size(compressed) < Files.size(SENT.get(ct16)));
        Path decoded = work.resolve("lossless-decoded.dcm");
        run(List.of("dcmdjpeg", compressed.toString(), decoded.toString()));
        assertEquals(pixelMd5(SENT.get(ct16)), pixelMd5(decoded));
        System.out.printf("ClientApiIT: 16-bit CT 128x128 original %d bytes, lossless %d bytes%n",
                Files.size(SENT.get(ct16)), Files.size(compressed));
    }

    @Test
    public void e_jpegAndAutoFollowThePoolsPermission() throws Exception {
        studySent();
        Download jpeg = admin(instancePath(ct12) + "?transfer=jpeg");
        assertEquals(jpeg.text(), 200, jpeg.status());
        assertEquals(JPEG_EXTENDED, jpeg.header("X-Rayport-Transfer-Syntax"));
        Path lossy = save(jpeg, "jpeg.dcm");
        assertTrue(run(List.of("dcmdump", "-q", "-M", "-Un", lossy.toString())).contains(JPEG_EXTENDED));
        run(List.of("dcmdjpeg", lossy.toString(), work.resolve("jpeg-decoded.dcm").toString()));
        System.out.printf("ClientApiIT: 12-bit CT 128x128 original %d bytes, JPEG extended %d bytes%n",
                Files.size(SENT.get(ct12)), Files.size(lossy));
        assertEquals(JPEG_EXTENDED, admin(instancePath(ct12) + "?transfer=auto").header("X-Rayport-Transfer-Syntax"));
        assertEquals("16 bits cannot be lossy JPEG", JPEG_LOSSLESS_SV1,
                admin(instancePath(ct16) + "?transfer=auto").header("X-Rayport-Transfer-Syntax"));

        Api.Reply changed = api().put("/api/v1/admin/pools/default", adminToken(), Api.json("allowJpeg", false));
        assertEquals(changed.body(), 200, changed.status());
        awaitAllowJpeg(false);
        try {
            Download auto = admin(instancePath(ct12) + "?transfer=auto");
            assertEquals(auto.text(), 200, auto.status());
            assertEquals(JPEG_LOSSLESS_SV1, auto.header("X-Rayport-Transfer-Syntax"));
            Path decoded = work.resolve("auto-decoded.dcm");
            run(List.of("dcmdjpeg", save(auto, "auto.dcm").toString(), decoded.toString()));
            assertEquals(pixelMd5(SENT.get(ct12)), pixelMd5(decoded));
            assertError(admin(instancePath(ct12) + "?transfer=jpeg"), 403, "transfer");
        } finally {
            api().put("/api/v1/admin/pools/default", adminToken(), Api.json("allowJpeg", true));
            awaitAllowJpeg(true);
        }
    }

    private void awaitAllowJpeg(boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pools.pool("default").orElseThrow().options().allowJpeg() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("allowJpeg of the default pool did not become " + expected);
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void f_renderedImagesHaveTheRequestedSize() throws Exception {
        studySent();
        Download png = admin(instancePath(ct12) + "/rendered?size=64");
        assertEquals(png.text(), 200, png.status());
        assertEquals("image/png", png.header("Content-Type"));
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertEquals(64, thumbnail.getWidth());
        assertEquals(64, thumbnail.getHeight());

        Download jpeg = admin(instancePath(ct16) + "/rendered?format=jpeg&frame=1&windowCenter=0&windowWidth=3000");
        assertEquals(jpeg.text(), 200, jpeg.status());
        assertEquals("image/jpeg", jpeg.header("Content-Type"));
        BufferedImage full = ImageIO.read(new ByteArrayInputStream(jpeg.body()));
        assertEquals(128, full.getWidth());
        int left = full.getRaster().getSample(2, 64, 0);
        int right = full.getRaster().getSample(125, 64, 0);
        assertTrue("the ramp rises from left to right: " + left + " < " + right, left + 20 < right);

        assertError(admin(instancePath(ct12) + "/rendered?windowCenter=40"), 400, "windowWidth");
        assertError(admin(instancePath(ct12) + "/rendered?frame=2"), 400, "frame");
        assertError(admin(instancePath(ct12) + "/rendered?size=0"), 400, "size");
        assertError(admin(instancePath(ct12) + "/rendered?format=gif"), 400, "format");
    }

    @Test
    public void g_theArchiveHoldsEveryInstanceAsStored() throws Exception {
        studySent();
        Download archive = admin(CLIENT + "/pools/default/studies/" + study + "/archive");
        assertEquals(archive.text(), 200, archive.status());
        assertEquals("application/zip", archive.header("Content-Type"));
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertEquals(entries.keySet().toString(), SENT.size(), entries.size());
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            Path file = work.resolve("zip-" + entry.getKey().replace('/', '_'));
            Files.write(file, entry.getValue());
            String sop = Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID);
            assertTrue(entry.getKey(), entry.getKey().endsWith("/" + sop + ".dcm"));
            assertEquals(dataSetDump(SENT.get(sop)), dataSetDump(file));
        }
    }

    @Test
    public void g_aSeriesArchiveHoldsItsInstancesInTheRequestedSyntax() throws Exception {
        studySent();
        Download lossless = admin(CLIENT + "/pools/default/series/" + ct16Series + "/archive?transfer=lossless");
        assertEquals(lossless.text(), 200, lossless.status());
        assertEquals("application/zip", lossless.header("Content-Type"));
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(lossless.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        List<String> inSeries = SENT.keySet().stream().filter(sop -> sop.startsWith(ct16Series + ".")).toList();
        assertEquals(entries.keySet().toString(), inSeries.size(), entries.size());
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            Path file = work.resolve("series-zip-" + entry.getKey().replace('/', '_'));
            Files.write(file, entry.getValue());
            DicomFile read = Part10Reader.read(file);
            String sop = read.dataset().getString(Tags.SOP_INSTANCE_UID);
            assertEquals(ct16Series + "/" + sop + ".dcm", entry.getKey());
            assertEquals(JPEG_LOSSLESS_SV1, read.transferSyntax().uid());
            assertEquals("gdcm decodes the same pixels", pixelMd5(SENT.get(sop)), pixelMd5(file));
        }

        Download original = admin(CLIENT + "/pools/default/series/" + ct12Series + "/archive");
        assertEquals(original.text(), 200, original.status());
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(original.body()))) {
            ZipEntry entry = zip.getNextEntry();
            Path file = work.resolve("series-zip-original.dcm");
            Files.write(file, zip.readAllBytes());
            String sop = Part10Reader.read(file).dataset().getString(Tags.SOP_INSTANCE_UID);
            assertEquals(ct12Series + "/" + sop + ".dcm", entry.getName());
            assertEquals(dataSetDump(SENT.get(sop)), dataSetDump(file));
        }
        assertError(admin(CLIENT + "/pools/default/series/" + ct16Series + "/archive?transfer=zip"), 400, "transfer");
        assertError(admin(CLIENT + "/pools/default/series/1.2.3.404/archive"), 404, null);
    }

    @Test
    public void h_aUserWithoutThePoolSeesNothingAndATokenWithoutDeviceIsRefused() throws Exception {
        studySent();
        String admin = adminToken();
        api().newUser(admin, "nora");
        String nora = api().deviceToken("nora", Api.passwordOf("nora"), "nora-phone");

        Download search = get(CLIENT + "/studies?patientName=client", nora, "nora-phone");
        assertEquals(search.text(), 200, search.status());
        assertEquals(0, search.json().get("total").asInt());
        List<String> urls = List.of(CLIENT + "/pools/default/studies/" + study,
                CLIENT + "/pools/default/series/" + ct16Series + "/instances",
                instancePath(ct16), instancePath(ct16) + "?transfer=lossless", instancePath(ct16) + "/rendered",
                CLIENT + "/pools/default/studies/" + study + "/archive",
                CLIENT + "/pools/default/series/" + ct16Series + "/archive?transfer=lossless");
        for (String url : urls) {
            Download hidden = get(url, nora, "nora-phone");
            assertError(hidden, 404, null);
            String message = hidden.json().get("error").asText();
            assertTrue("an invisible pool answers as a pool without the data: " + message,
                    message.startsWith("No ") && message.endsWith(" in pool 'default'"));
        }
        for (String url : List.of(CLIENT + "/studies", urls.get(0), urls.get(2), urls.get(5))) {
            Download withoutDevice = get(url, admin, null);
            assertError(withoutDevice, 403, null);
            assertTrue(withoutDevice.text(), withoutDevice.json().get("error").asText().contains("device"));
        }
    }

    /**
     * Pool visibility through a group reaches a token already in use on its next request: the group's grant, the
     * group disabled, the member removed, the grant withdrawn. Runs after h_, whose user nora has an approved phone.
     */
    @Test
    public void h_groupAndGrantChangesReachAnIssuedTokenAtOnce() throws Exception {
        studySent();
        String admin = adminToken();
        String nora = api().deviceToken("nora", Api.passwordOf("nora"), "nora-phone");
        String studyUrl = CLIENT + "/pools/default/studies/" + study;
        assertError(get(studyUrl, nora, "nora-phone"), 404, null);
        Api.Reply group = api().post("/api/v1/admin/groups", admin, Api.json("id", "readers", "name", "Readers",
                "enabled", true, "members", new String[] {"nora"}));
        assertEquals(group.body(), 201, group.status());
        try {
            grantDefaultPoolTo(admin, "readers");
            assertEquals("granted to her group", 200, get(studyUrl, nora, "nora-phone").status());
            assertEquals("checked again without a change", 200, get(studyUrl, nora, "nora-phone").status());

            editReaders(admin, false, "nora");
            assertError(get(studyUrl, nora, "nora-phone"), 404, null);
            editReaders(admin, true, "nora");
            assertEquals("the group enabled again", 200, get(studyUrl, nora, "nora-phone").status());
            editReaders(admin, true);
            assertError(get(studyUrl, nora, "nora-phone"), 404, null);
            editReaders(admin, true, "nora");
            assertEquals("a member again", 200, get(studyUrl, nora, "nora-phone").status());

            grantDefaultPoolTo(admin);
            assertError(get(studyUrl, nora, "nora-phone"), 404, null);
        } finally {
            grantDefaultPoolTo(admin);
            api().delete("/api/v1/admin/groups/readers", admin);
        }
    }

    private void editReaders(String admin, boolean enabled, String... members) {
        Api.Reply edited = api().put("/api/v1/admin/groups/readers", admin, Api.json("name", "Readers",
                "enabled", enabled, "members", members));
        assertEquals(edited.body(), 200, edited.status());
    }

    /** Sets the default pool's group grants and waits until the pool service reads them back. */
    private void grantDefaultPoolTo(String admin, String... groups) throws InterruptedException {
        Api.Reply changed = api().put("/api/v1/admin/pools/default", admin, Api.json("groups", groups));
        assertEquals(changed.body(), 200, changed.status());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!pools.pool("default").orElseThrow().groups().equals(Set.of(groups))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the default pool's groups did not become " + List.of(groups));
            }
            Thread.sleep(50);
        }
    }

    /** Every download, error paths included, closed its store streams: nothing holds a read lease any more. */
    @Test
    public void i_noDownloadLeftALeaseBehind() throws Exception {
        studySent();
        admin(CLIENT + "/pools/default/studies/" + study + "/archive");
        admin(instancePath(ct12) + "?transfer=auto");
        Deletion deleted = store.deleteStudy("default", study);
        assertEquals(deleted.toString(), 0, deleted.skippedInUse());
        assertEquals(deleted.toString(), SENT.size(), deleted.instances());
        assertError(admin(CLIENT + "/pools/default/studies/" + study), 404, null);
    }

    /**
     * A client that goes away in the middle of a large ZIP: the server's write fails, the open store stream is closed
     * in finally, and the study can then be deleted whole. 30 slices of noise (15 MB, which deflate cannot shrink) are
     * far more than the socket buffers hold, so the server is still writing when the client leaves.
     */
    @Test
    public void j_aClientLeavingAnArchiveFreesItsLeases() throws Exception {
        studySent();
        String big = "2.25." + Math.abs(System.nanoTime());
        java.util.Random noise = new java.util.Random(7);
        List<String> storescu = new ArrayList<>(List.of("storescu", "-aec", "RAYPORT", "127.0.0.1",
                Integer.getInteger("rayport.dicom.port").toString()));
        for (int i = 1; i <= 30; i++) {
            byte[] pixels = new byte[512 * 512 * 2];
            noise.nextBytes(pixels);
            Attributes slice = ct(big + ".1", i, 16, false).toBuilder()
                    .setString(Tag.named("StudyInstanceUID"), Vr.UI, big)
                    .setInt(Tag.named("Rows"), Vr.US, 512).setInt(Tag.named("Columns"), Vr.US, 512)
                    .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels).build();
            Path file = work.resolve("big-" + i + ".dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(slice, file);
            storescu.add(file.toString());
        }
        run(storescu);

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + CLIENT
                + "/pools/default/studies/" + big + "/archive")).header("Authorization", "Bearer " + adminDeviceToken())
                .header(DEVICE, "admin-tablet").GET().build();
        HttpResponse<java.io.InputStream> reply = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, reply.statusCode());
        try (java.io.InputStream body = reply.body()) {
            assertEquals(64 * 1024, body.readNBytes(64 * 1024).length);
        }

        int deleted = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Deletion deletion = store.deleteStudy("default", big);
            deleted += deletion.instances();
            if (deletion.skippedInUse() == 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("an instance of the abandoned archive is still in use: " + deletion);
            }
            Thread.sleep(200);
        }
        assertEquals(30, deleted);
    }
}
