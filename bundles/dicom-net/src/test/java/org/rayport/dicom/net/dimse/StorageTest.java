package org.rayport.dicom.net.dimse;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.dicom.net.Dcmtk;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

/** C-STORE both ways against DCMTK: storescu sends to Rayport, Rayport sends to storescp. */
public class StorageTest {

    private static final String IMPLICIT_LE = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final String EXPLICIT_LE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    private static final UserInformation USER = UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");

    private Path work;
    private Process peer;
    private AssociationAcceptor acceptor;
    private final List<Path> sources = new ArrayList<>();

    @Before
    public void createInstances() throws IOException {
        Peers.require("storescu", "storescp", "dcmdump");
        work = Files.createTempDirectory("storage-");
        Files.createDirectories(work.resolve("sources"));
        Random random = new Random(7);
        String study = uid();
        String series = uid();
        for (int i = 0; i < 5; i++) {
            byte[] pixels = new byte[64 * 64 * 2];
            random.nextBytes(pixels);
            for (int p = 1; p < pixels.length; p += 2) {
                pixels[p] &= 0x0F; // 12 bits stored
            }
            Attributes ct = Attributes.builder()
                    .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                    .setString(Tags.SOP_INSTANCE_UID, Vr.UI, uid())
                    .setString(Tag.named("StudyInstanceUID"), Vr.UI, study)
                    .setString(Tag.named("SeriesInstanceUID"), Vr.UI, series)
                    .setString(Tag.named("PatientName"), Vr.PN, "Müller^Anna")
                    .setString(Tag.named("SpecificCharacterSet"), Vr.CS, "ISO_IR 100")
                    .setString(Tag.named("PatientID"), Vr.LO, "P-0001")
                    .setString(Tag.named("Modality"), Vr.CS, "CT")
                    .setInt(Tag.named("InstanceNumber"), Vr.IS, i + 1)
                    .setInt(Tag.named("SamplesPerPixel"), Vr.US, 1)
                    .setString(Tag.named("PhotometricInterpretation"), Vr.CS, "MONOCHROME2")
                    .setInt(Tag.named("Rows"), Vr.US, 64)
                    .setInt(Tag.named("Columns"), Vr.US, 64)
                    .setInt(Tag.named("BitsAllocated"), Vr.US, 16)
                    .setInt(Tag.named("BitsStored"), Vr.US, 12)
                    .setInt(Tag.named("HighBit"), Vr.US, 11)
                    .setInt(Tag.named("PixelRepresentation"), Vr.US, 0)
                    .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels)
                    .build();
            Path file = work.resolve("sources").resolve("ct" + i + ".dcm");
            Part10Writer.of(i % 2 == 0 ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                    : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN).write(ct, file);
            sources.add(file);
        }
    }

    @After
    public void stop() throws Exception {
        Peers.stop(peer);
        if (acceptor != null) {
            acceptor.close();
        }
    }

    @Test(timeout = 60_000)
    public void storescuStoresIntoRayport() throws Exception {
        Path received = Files.createDirectories(work.resolve("received"));
        acceptor = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, USER),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT"), Map.of(
                        Uids.VERIFICATION, List.of(IMPLICIT_LE),
                        Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE, IMPLICIT_LE)), Set.of(), Storage.scp(received))));
        List<String> command = new ArrayList<>(List.of("storescu", "-v", "-aet", "MODALITY", "-aec", "RAYPORT",
                "127.0.0.1", Integer.toString(acceptor.port())));
        sources.forEach(p -> command.add(p.toString()));
        String output = run(command);
        assertEquals(sources.size(), output.split("Received Store Response \\(Success\\)", -1).length - 1);

        assertSameInstances(received, 5);
    }

    /**
     * A receiver whose work trails its answers (an index entry) finishes it before the release is answered: when
     * storescu, which exits after the release response, is done, the session has closed, once, after all stores.
     */
    @Test(timeout = 60_000)
    public void theAssociationsSessionClosesBeforeItsReleaseIsAnswered() throws Exception {
        Path received = Files.createDirectories(work.resolve("received"));
        Storage.Receiver toDirectory = Storage.toDirectory(received);
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        Storage.Receiver trailing = new Storage.Receiver() {
            @Override
            public int store(Storage.Incoming instance, java.io.InputStream dataSet) throws IOException {
                return toDirectory.store(instance, dataSet);
            }

            @Override
            public Storage.Session openSession() {
                return new Storage.Session() {
                    @Override
                    public int store(Storage.Incoming instance, java.io.InputStream dataSet) throws IOException {
                        events.add("store");
                        return toDirectory.store(instance, dataSet);
                    }

                    @Override
                    public void close() {
                        try {
                            Thread.sleep(500);   // work that takes a while: storescu must still wait for it
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        events.add("closed");
                    }
                };
            }
        };
        acceptor = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, USER),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT"), Map.of(
                        Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE, IMPLICIT_LE)), Set.of(),
                        ServiceClassProvider.builder().storage(trailing).build())));
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "RAYPORT",
                "127.0.0.1", Integer.toString(acceptor.port())));
        sources.forEach(p -> command.add(p.toString()));
        run(command);

        List<String> expected = new ArrayList<>(java.util.Collections.nCopies(sources.size(), "store"));
        expected.add("closed");
        assertEquals(expected, new ArrayList<>(events));
        assertSameInstances(received, 5);
    }

    @Test(timeout = 60_000)
    public void rayportStoresIntoStorescp() throws Exception {
        Path received = Files.createDirectories(work.resolve("storescp"));
        int port = Peers.freePort();
        peer = Dcmtk.storescp(received, port, work.resolve("storescp.out"));
        try (Association association = Association.request(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                new AssociateRequest(AeTitle.of("STORESCP"), AeTitle.of("RAYPORT"), List.of(
                        new PresentationContext(1, Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_LE, IMPLICIT_LE))), USER),
                Duration.ofSeconds(10))) {
            int messageId = 1;
            for (Path source : sources) {
                assertEquals(Commands.SUCCESS, Storage.store(association, source, messageId++));
            }
            association.release();
        }
        assertSameInstances(received, 5);
    }

    /** Every received file passes dcmdump cleanly and carries the pixels of its source. */
    private void assertSameInstances(Path received, int expected) throws Exception {
        List<Path> files;
        try (var listing = Files.list(received)) {
            files = listing.filter(p -> !p.toString().endsWith(".part")).sorted().collect(Collectors.toList());
        }
        assertEquals(expected, files.size());
        Map<String, byte[]> sourcePixels = new java.util.HashMap<>();
        for (Path source : sources) {
            var dataset = Part10Reader.read(source).dataset();
            sourcePixels.put(dataset.getString(Tags.SOP_INSTANCE_UID), pixels(dataset.getBulkData(Tags.PIXEL_DATA),
                    dataset.element(Tags.PIXEL_DATA)));
        }
        for (Path file : files) {
            String dump = run(List.of("dcmdump", "-q", file.toString()));
            assertFalse(file + ": " + dump, dump.contains("E: ") || dump.contains("W: "));
            var dataset = Part10Reader.read(file).dataset();
            assertEquals("Müller^Anna", dataset.getString(Tag.named("PatientName")));
            assertArrayEquals(sourcePixels.get(dataset.getString(Tags.SOP_INSTANCE_UID)),
                    pixels(dataset.getBulkData(Tags.PIXEL_DATA), dataset.element(Tags.PIXEL_DATA)));
        }
    }

    private static byte[] pixels(BulkData bulk, Object element) throws IOException {
        if (bulk != null) {
            return bulk.readAllBytes();
        }
        throw new AssertionError("no pixel data bulk reference: " + element);
    }

    private String run(List<String> command) throws Exception {
        Peers.Result result = Peers.run(Files.createTempFile(work, command.get(0), ".out"), command);
        assertEquals(command.get(0) + " failed: " + result.output(), 0, result.exitCode());
        return result.output();
    }

    private static String uid() {
        UUID uuid = UUID.randomUUID();
        BigInteger value = new BigInteger(1, java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        return "2.25." + value;
    }
}
