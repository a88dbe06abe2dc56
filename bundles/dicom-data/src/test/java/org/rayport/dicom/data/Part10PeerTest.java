package org.rayport.dicom.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;

/** Files made by DCMTK, read by us, written by us, checked by DCMTK. */
public class Part10PeerTest {

    private static Path dir;

    @BeforeClass
    public static void makeFiles() throws Exception {
        DcmtkPeer.require();
        dir = Files.createTempDirectory("rayport-dicom-peer");
        ByteBuffer pixels = ByteBuffer.allocate(64 * 64 * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64 * 64; i++) {
            pixels.putShort((short) (i * 37));
        }
        Files.write(dir.resolve("pixels.raw"), pixels.array());
        try (InputStream dump = Part10PeerTest.class.getResourceAsStream("basic.dump")) {
            Files.copy(dump, dir.resolve("basic.dump"));
        }
        DcmtkPeer.ok(dir, "dump2dcm", "-q", "basic.dump", "explicit.dcm");
        DcmtkPeer.ok(dir, "dcmconv", "+ti", "explicit.dcm", "implicit.dcm");
        DcmtkPeer.ok(dir, "dcmconv", "+tb", "explicit.dcm", "bigendian.dcm");
        DcmtkPeer.ok(dir, "dcmconv", "+td", "explicit.dcm", "deflated.dcm");
        DcmtkPeer.ok(dir, "dcmcrle", "explicit.dcm", "rle.dcm");
    }

    @AfterClass
    public static void removeFiles() throws IOException {
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Test(timeout = 10_000)
    public void valuesEqualWhatDcmtkWrote() throws Exception {
        for (String name : List.of("explicit.dcm", "implicit.dcm", "bigendian.dcm", "deflated.dcm", "rle.dcm")) {
            DicomFile file = Part10Reader.read(dir.resolve(name));
            Attributes ds = file.dataset();
            assertEquals(name, "Müller^Jörg", ds.getString(Tags.PATIENT_NAME));
            assertEquals(name, "PID-42", ds.getString(Tags.PATIENT_ID));
            assertEquals(name, LocalDate.of(2024, 1, 31), ds.getDate(Tags.STUDY_DATE));
            assertEquals(name, LocalTime.of(13, 45, 1, 250_000_000), ds.getTime(Tags.STUDY_TIME));
            assertEquals(name, 64, ds.getInt(Tags.ROWS, 0));
            assertEquals(name, 7, ds.getInt(Tags.INSTANCE_NUMBER, 0));
            assertArrayEquals(name, new double[] {-12.5, 3.25, 100}, ds.getDoubles(Tag.named("ImagePositionPatient")), 0);
            Sequence refs = ds.getSequence(Tags.REFERENCED_IMAGE_SEQUENCE);
            assertEquals(name, 2, refs.size());
            assertEquals(name, Uids.CT_IMAGE_STORAGE, refs.get(0).getString(Tags.REFERENCED_SOP_CLASS_UID));
            assertEquals(name, "1.2.3.4.6", refs.get(1).getString(Tags.REFERENCED_SOP_INSTANCE_UID));
            assertEquals(name, "TEXT", refs.get(0).getSequence(Tag.named("ContentSequence")).get(0).getString(Tag.named("ValueType")));
            assertTrue(name, ds.contains(Tag.named("RequestAttributesSequence")));
            assertTrue(name, ds.getSequence(Tag.named("RequestAttributesSequence")).isEmpty());
            // Private elements are kept; with implicit VR their VR is unknown (UN), bytes the same.
            assertEquals(name, "RAYPORT TEST", ds.getString(Tag.of(0x0029, 0x0010)));
            if (!name.equals("implicit.dcm")) {
                assertEquals(name, "private value", ds.getString(Tag.of(0x0029, 0x1001)));
                assertEquals(name, 4_000_000_000L, ds.getLongs(Tag.of(0x0029, 0x1002))[0]);
            }
            if (name.equals("rle.dcm")) {
                assertEquals(TransferSyntax.RLE_LOSSLESS, file.transferSyntax());
                assertEquals(1, ds.getFragments(Tags.PIXEL_DATA).fragments().size());
            } else {
                assertEquals(name, sha256(dir.resolve("pixels.raw")), sha256(ds.getBulkData(Tags.PIXEL_DATA)));
            }
        }
        // dcmdump agrees on a few values, nested and private ones included.
        String dump = DcmtkPeer.ok(dir, "dcmdump", "-q", "+P", "0008,1155", "+P", "0029,1001", "explicit.dcm").stdout();
        assertTrue(dump, dump.contains("[1.2.3.4.5]") && dump.contains("[1.2.3.4.6]") && dump.contains("[private value]"));
    }

    @Test(timeout = 30_000)
    public void roundTripIsIdenticalForDcmtk() throws Exception {
        List<TransferSyntax> targets = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        for (String name : List.of("explicit.dcm", "implicit.dcm", "bigendian.dcm", "deflated.dcm")) {
            Path source = dir.resolve(name);
            DicomFile read = Part10Reader.read(source);
            for (TransferSyntax target : targets) {
                // What DCMTK itself makes of this source in the target syntax: with implicit VR,
                // for instance, private elements become UN for both implementations.
                String option = target.bigEndian() ? "+tb" : target.explicitVr() ? (target.deflated() ? "+td" : "+te") : "+ti";
                DcmtkPeer.ok(dir, "dcmconv", option, name, "expected.dcm");
                List<String> expected = DcmtkPeer.normalizedDump(dir, dir.resolve("expected.dcm"));
                for (boolean undefined : new boolean[] {false, true}) {
                    Path copy = dir.resolve("copy.dcm");
                    Part10Writer writer = Part10Writer.of(target);
                    (undefined ? writer.withUndefinedLengths() : writer).write(read.dataset(), copy);
                    String what = name + " -> " + target.name() + (undefined ? " undefined lengths" : "");
                    assertEquals(what, expected, DcmtkPeer.normalizedDump(dir, copy));
                    DicomFile again = Part10Reader.read(copy);
                    assertEquals(what, sha256(read.dataset().getBulkData(Tags.PIXEL_DATA)),
                            sha256(again.dataset().getBulkData(Tags.PIXEL_DATA)));
                }
            }
        }
    }

    @Test(timeout = 10_000)
    public void encapsulatedPixelDataPassesThrough() throws Exception {
        DicomFile rle = Part10Reader.read(dir.resolve("rle.dcm"));
        Path copy = dir.resolve("rle-copy.dcm");
        Part10Writer.of(rle.transferSyntax()).write(rle.dataset(), copy);
        assertEquals(DcmtkPeer.normalizedDump(dir, dir.resolve("rle.dcm")), DcmtkPeer.normalizedDump(dir, copy));
        DcmtkPeer.ok(dir, "dcmdrle", "rle-copy.dcm", "decompressed.dcm");
        DicomFile decompressed = Part10Reader.read(dir.resolve("decompressed.dcm"));
        assertEquals(sha256(dir.resolve("pixels.raw")), sha256(decompressed.dataset().getBulkData(Tags.PIXEL_DATA)));
    }

    static String sha256(Path file) throws Exception {
        return sha256(BulkData.ofFile(file, 0, Files.size(file)));
    }

    static String sha256(BulkData data) throws Exception {
        assertNotNull(data);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = data.openStream()) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }
}
