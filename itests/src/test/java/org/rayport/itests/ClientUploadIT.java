package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.vmOption;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.rayport.testing.SamplePdf;
import org.rayport.itests.RawHttp.Raw;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.store.DatasetIndex;
import org.rayport.store.InstanceStore;
import org.rayport.store.StudyQuery;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Client uploads ({@code POST /api/v1/client/uploads}) in the booted distribution, over real HTTP: a DICOM file
 * comes back byte-equal as DCMTK's dcmdump shows it; PNG, JPEG and PDF become Secondary Capture and Encapsulated PDF
 * that dicom3tools' dciodvfy finds without errors; a text file is 415, a user without a user-storage pool and a
 * token without a device are 403; a malformed body is 400, oversized part headers 431; an upload cut off mid-part
 * (socket closed) leaves no instance and no temp file; a 338 MiB DICOM file, made as it is sent, goes through a
 * server whose heap (320 MiB) is smaller than the file.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClientUploadIT extends RayportTestSupport {

    private static final String DEVICE = RawHttp.DEVICE;
    private static final String UPLOADS = "/api/v1/client/uploads";
    private static final String POOL = "uploads";
    /** Smaller than the large upload: the server cannot hold that file in memory and still answer. */
    private static final String SERVER_HEAP = "-Xmx320m";
    private static final int LARGE_SIDE = 13_312;
    private static final long LARGE_PIXELS = (long) LARGE_SIDE * LARGE_SIDE * 2;

    @Inject
    private InstanceStore store;

    @Inject
    private DatasetIndex index;


    private static String wendy;
    private static String otto;
    private static String dicomStudy;
    private static Path work;

    /** A form part: a file when {@code filename} is set, else a field. */
    private record Part(String name, String filename, String contentType, byte[] content) {
        static Part file(String filename, String contentType, byte[] content) {
            return new Part("file", filename, contentType, content);
        }

        static Part field(String name, String value) {
            return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] head(String boundary) {
            return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                    + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.add(vmOption(SERVER_HEAP));
        return options.toArray(Option[]::new);
    }

    private Raw send(HttpRequest.Builder builder) throws Exception {
        return RawHttp.send(builder, Duration.ofSeconds(300));
    }

    private HttpRequest.Builder request(String path, String token, String device) {
        return RawHttp.request(httpPort(), path, token, device);
    }

    private static byte[] form(String boundary, List<Part> parts) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            body.write(part.head(boundary));
            body.write(part.content());
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private Raw upload(String token, String device, List<Part> parts) throws Exception {
        String boundary = "upload-" + System.nanoTime();
        return send(request(UPLOADS, token, device).header("Content-Type", "multipart/form-data; boundary="
                + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(form(boundary, parts))));
    }

    private Raw wendyUpload(Part... parts) throws Exception {
        return upload(wendy, "wendy-phone", List.of(parts));
    }

    private Raw wendyGet(String path) throws Exception {
        return send(request(path, wendy, "wendy-phone").GET());
    }

    private long instancesInPool() {
        return index.searchStudies(StudyQuery.inPools(java.util.Set.of(POOL))).items().stream()
                .mapToLong(s -> s.instanceCount()).sum();
    }

    private List<Path> spooled() throws IOException {
        Path folder = home().resolve("tmp").resolve("uploads");
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private Path download(String sop, String name) throws Exception {
        Raw original = wendyGet("/api/v1/client/pools/" + POOL + "/instances/" + sop);
        assertEquals(original.text(), 200, original.status());
        Path file = work.resolve(name);
        Files.write(file, original.body());
        return file;
    }

    private static void assertValidIod(Path file) throws Exception {
        PeerPrograms.Result result = PeerPrograms.runAllowingFailure(work, List.of("dciodvfy", file.toString()));
        List<String> errors = result.output().lines().filter(l -> l.startsWith("Error")).toList();
        assertTrue(file.getFileName() + ": " + result.output(), errors.isEmpty());
    }

    private static String dump(Path file) throws Exception {
        // The data set only: the File Meta Information names the writing implementation, which may differ.
        return PeerPrograms.run(work, List.of("dcmdump", "-q", "+L", file.toString())).lines()
                .filter(l -> !l.startsWith("(0002,") && !l.startsWith("#") && !l.isBlank())
                .collect(Collectors.joining("\n"));
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.BLUE);
        g.fillOval(10, 8, 30, 30);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    private static byte[] jpeg() throws IOException {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(5, 5, 20, 10);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "jpg", out));
        return out.toByteArray();
    }

    @Test
    public void a_usersDevicesAndAUserStoragePool() throws Exception {
        String admin = adminToken();
        api().newUser(admin, "wendy");
        api().newUser(admin, "otto");
        wendy = api().deviceToken("wendy", Api.passwordOf("wendy"), "wendy-phone");
        otto = api().deviceToken("otto", Api.passwordOf("otto"), "otto-phone");
        Api.Reply created = api().post("/api/v1/admin/pools", admin, Api.json("id", POOL, "type", "userstorage",
                "users", new String[] {"wendy"}));
        assertEquals(created.body(), 201, created.status());
        work = Files.createTempDirectory("client-upload-");
    }

    @Test
    public void b_aDicomFileIsStoredFoundInTheStudySearchAndDownloadedUnchanged() throws Exception {
        dicomStudy = "2.25." + Math.abs(System.nanoTime());
        Attributes ct = TestImages.ct("Upload^Uwe", dicomStudy, dicomStudy + ".1", 1, 64).build();
        Path original = work.resolve("ct.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct, original);

        Raw stored = wendyUpload(Part.file("ct.dcm", "application/dicom", Files.readAllBytes(original)));
        assertEquals(stored.text(), 200, stored.status());
        JsonNode part = stored.json().get("parts").get(0);
        assertEquals(POOL, stored.json().get("pool").asText());
        assertEquals("DICOM", part.get("content").asText());
        assertEquals(dicomStudy, part.get("studyInstanceUid").asText());
        String sop = part.get("sopInstanceUid").asText();
        assertEquals(ct.getString(Tags.SOP_INSTANCE_UID), sop);

        Raw search = wendyGet("/api/v1/client/studies?patientName=upload%5Euwe");
        assertEquals(search.text(), 200, search.status());
        JsonNode item = search.json().get("items").get(0);
        assertEquals(dicomStudy, item.get("studyInstanceUid").asText());
        assertEquals(POOL, item.get("pool").asText());

        Path back = download(sop, "ct-back.dcm");
        assertEquals(dump(original), dump(back));
        assertEquals(List.of(), spooled());
    }

    @Test
    public void c_pngJpegAndPdfBecomeSecondaryCaptureAndEncapsulatedPdfInANewStudyOrAnExistingOne()
            throws Exception {
        Raw stored = wendyUpload(Part.field("patientName", "Foto^Frieda"), Part.field("patientId", "PHOTO-7"),
                Part.field("patientBirthDate", "1970-01-31"), Part.field("studyDescription", "Wound photos"),
                Part.file("wound.png", "image/png", png()), Part.file("report.pdf", "application/pdf",
                        SamplePdf.onePage("Befund")));
        assertEquals(stored.text(), 200, stored.status());
        JsonNode parts = stored.json().get("parts");
        assertEquals("PNG", parts.get(0).get("content").asText());
        assertEquals(Uids.SECONDARY_CAPTURE_IMAGE_STORAGE, parts.get(0).get("sopClassUid").asText());
        assertEquals(Uids.ENCAPSULATED_PDF_STORAGE, parts.get(1).get("sopClassUid").asText());
        String newStudy = parts.get(0).get("studyInstanceUid").asText();
        assertEquals("one new study for the request", newStudy, parts.get(1).get("studyInstanceUid").asText());

        Path sc = download(parts.get(0).get("sopInstanceUid").asText(), "wound.dcm");
        Path doc = download(parts.get(1).get("sopInstanceUid").asText(), "report.dcm");
        assertValidIod(sc);
        assertValidIod(doc);
        String scDump = PeerPrograms.run(work, List.of("dcmdump", sc.toString()));
        assertTrue(scDump, scDump.contains("[Foto^Frieda]") && scDump.contains("[PHOTO-7]")
                && scDump.contains("[19700131]") && scDump.contains("[Wound photos]"));
        Path extracted = work.resolve("report-back.pdf");
        PeerPrograms.run(work, List.of("dcm2pdf", doc.toString(), extracted.toString()));
        byte[] pdfBack = Files.readAllBytes(extracted);
        byte[] pdfSent = SamplePdf.onePage("Befund");
        assertTrue(Arrays.equals(pdfSent, Arrays.copyOf(pdfBack, pdfSent.length)));

        // A photo joins the DICOM study of b_: its patient and study, a new series.
        Raw joined = wendyUpload(Part.field("study", dicomStudy), Part.file("photo.jpg", "image/jpeg", jpeg()));
        assertEquals(joined.text(), 200, joined.status());
        JsonNode photo = joined.json().get("parts").get(0);
        assertEquals(dicomStudy, photo.get("studyInstanceUid").asText());
        Path photoFile = download(photo.get("sopInstanceUid").asText(), "photo.dcm");
        assertValidIod(photoFile);
        String photoDump = PeerPrograms.run(work, List.of("dcmdump", photoFile.toString()));
        assertTrue(photoDump, photoDump.contains("[Upload^Uwe]") && photoDump.contains("JPEGBaseline"));

        Raw unknownStudy = wendyUpload(Part.field("study", "1.2.3.4.5"), Part.file("p.png", "image/png", png()));
        assertEquals(unknownStudy.text(), 404, unknownStudy.status());
        assertEquals("study", unknownStudy.json().get("field").asText());
        Raw noPatient = wendyUpload(Part.file("p.png", "image/png", png()));
        assertEquals(noPatient.text(), 400, noPatient.status());
        assertEquals("patientId", noPatient.json().get("field").asText());
        assertEquals(List.of(), spooled());
    }

    @Test
    public void d_textIs415MalformedIs400OversizedPartHeadersAre431AndNothingIsStored() throws Exception {
        long before = instancesInPool();
        Raw text = wendyUpload(Part.field("patientName", "Text^Tom"), Part.field("patientId", "T-1"),
                Part.file("scan.png", "image/png", png()), Part.file("notes.png", "image/png",
                        "These are notes, not an image.".getBytes(StandardCharsets.UTF_8)));
        assertEquals(text.text(), 415, text.status());
        assertTrue(text.text(), text.json().get("error").asText().contains("part 4 (notes.png)"));

        String boundary = "cut-" + System.nanoTime();
        byte[] whole = form(boundary, List.of(Part.file("p.png", "image/png", png())));
        Raw unterminated = send(request(UPLOADS, wendy, "wendy-phone").header("Content-Type",
                "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(
                Arrays.copyOf(whole, whole.length - 40))));
        assertEquals(unterminated.text(), 400, unterminated.status());
        assertTrue(unterminated.text(), unterminated.json().get("error").asText().contains("malformed")
                || unterminated.json().get("error").asText().contains("closing boundary"));

        Raw longHeader = wendyUpload(new Part("x".repeat(10_000), "p.png", "image/png", png()));
        assertEquals(longHeader.text(), 431, longHeader.status());

        Raw notForm = send(request(UPLOADS, wendy, "wendy-phone").header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[200])));
        assertEquals(notForm.text(), 415, notForm.status());

        // A PNG that converts and stores, then a "DICOM" file that is garbage after its preamble: 422, and the PNG's
        // instance is deleted again.
        byte[] broken = new byte[4096];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, broken, 128, 4);
        Arrays.fill(broken, 132, broken.length, (byte) 0x5A);
        Raw refused = wendyUpload(Part.field("patientName", "Broken^Bea"), Part.field("patientId", "B-1"),
                Part.file("fine.png", "image/png", png()), Part.file("broken.dcm", "application/dicom", broken));
        assertEquals(refused.text(), 422, refused.status());
        assertFalse(refused.json().get("stored").asBoolean());
        assertFalse(refused.json().get("parts").get(0).get("stored").asBoolean());
        assertTrue(refused.text(), refused.json().get("parts").get(1).get("error").asText()
                .startsWith("part 4 (broken.dcm) is not a storable DICOM instance"));
        assertFalse(refused.text(), refused.text().contains(home().toString()));

        assertEquals(before, instancesInPool());
        assertEquals(List.of(), spooled());
    }

    @Test
    public void e_withoutAUserStoragePoolOrWithoutADeviceIs403() throws Exception {
        Raw noPool = upload(otto, "otto-phone", List.of(Part.file("p.png", "image/png", png())));
        assertEquals(noPool.text(), 403, noPool.status());
        assertTrue(noPool.text(), noPool.json().get("error").asText().contains("user-storage pool"));
        String noDevice = api().login("wendy", "Pass-of-wendy-1");
        Raw withoutDevice = upload(noDevice, null, List.of(Part.file("p.png", "image/png", png())));
        assertEquals(withoutDevice.text(), 403, withoutDevice.status());
    }

    @Test
    public void f_anUploadCutOffMidPartLeavesNoInstanceAndNoTempFile() throws Exception {
        long before = instancesInPool();
        String study = "2.25." + Math.abs(System.nanoTime());
        Attributes ct = TestImages.ct("Cut^Carl", study, study + ".1", 1, 512).build();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct, file);
        String boundary = "cut-" + System.nanoTime();
        byte[] body = form(boundary, List.of(Part.file("cut.dcm", "application/dicom", file.toByteArray())));
        try (Socket socket = new Socket("127.0.0.1", httpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + UPLOADS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + wendy
                    + "\r\n" + DEVICE + ": wendy-phone\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            awaitSpooled();
        }
        // The server notices the closed connection on its next read; the request then ends and cleans up.
        awaitNoSpooledFiles();
        assertFalse(store.find(POOL, ct.getString(Tags.SOP_INSTANCE_UID)).isPresent());
        assertEquals(before, instancesInPool());
    }

    private void awaitSpooled() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (spooled().isEmpty()) {
            assertTrue("the part never reached the spool folder", System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    private void awaitNoSpooledFiles() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!spooled().isEmpty()) {
            assertTrue("temp files left: " + spooled(), System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    @Test
    public void g_a338MegabyteDicomFileStreamsThroughAHeapSmallerThanIt() throws Exception {
        String study = "2.25." + Math.abs(System.nanoTime());
        Attributes large = TestImages.ct("Large^Lars", study, study + ".1", 1, 16).build().toBuilder()
                .setInt(Tags.ROWS, Vr.US, LARGE_SIDE)
                .setInt(Tags.COLUMNS, Vr.US, LARGE_SIDE)
                .setBulkData(Tags.PIXEL_DATA, Vr.OW, BulkData.of(LARGE_PIXELS, ClientUploadIT::pixelStream))
                .build();
        String boundary = "large-" + System.nanoTime();
        PipedInputStream body = new PipedInputStream(1 << 20);
        PipedOutputStream writer = new PipedOutputStream(body);
        Thread producer = new Thread(() -> {
            try (OutputStream out = writer) {
                out.write(Part.file("large.dcm", "application/dicom", new byte[0]).head(boundary));
                Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(large, out);
                out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "large-upload-producer");
        long maxHeap = Runtime.getRuntime().maxMemory();
        HeapWatch watch = HeapWatch.start();
        long started = System.nanoTime();
        producer.start();
        Raw stored = send(request(UPLOADS, wendy, "wendy-phone").header("Content-Type",
                "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> body)));
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakUsed = watch.stop();
        producer.join();
        assertEquals(stored.text(), 200, stored.status());
        String sop = stored.json().get("parts").get(0).get("sopInstanceUid").asText();
        long size = store.find(POOL, sop).orElseThrow().sizeBytes();
        assertTrue("size " + size, size > LARGE_PIXELS);
        System.out.printf("ClientUploadIT: %d MB DICOM uploaded and stored in %.1f s (%.0f MB/s); server heap max"
                        + " %d MB, peak used during the upload %d MB%n", size >> 20, seconds, (size >> 20) / seconds,
                maxHeap >> 20, peakUsed >> 20);
        assertTrue("the heap (" + (maxHeap >> 20) + " MB) is smaller than the file", maxHeap < size);
        assertEquals(List.of(), spooled());
        // The test server's home stays behind in the temp folder: do not leave the large file in it.
        assertEquals(1, store.deleteInstance(POOL, sop).instances());
    }

    /** Pixel values made as they are read, so that neither side ever holds the 300 MB. */
    private static InputStream pixelStream() {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < LARGE_PIXELS ? (int) (position++ * 7 & 0x0F) : -1;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (position >= LARGE_PIXELS) {
                    return -1;
                }
                int count = (int) Math.min(length, LARGE_PIXELS - position);
                for (int i = 0; i < count; i++) {
                    into[offset + i] = (byte) ((position + i) * 7 & 0x0F);
                }
                position += count;
                return count;
            }
        };
    }

    /** Samples the server's used heap (this test runs inside the server's JVM) while an upload runs. */
    private static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread;

        private HeapWatch() {
            thread = new Thread(() -> {
                while (running) {
                    long used = ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getUsage().getUsed()).sum();
                    peak.accumulateAndGet(used, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
        }

        static HeapWatch start() {
            HeapWatch watch = new HeapWatch();
            watch.thread.start();
            return watch;
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak.get();
        }
    }
}
