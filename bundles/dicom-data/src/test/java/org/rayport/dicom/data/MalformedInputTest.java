package org.rayport.dicom.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;
import org.rayport.dicom.data.io.DicomParseException;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;

/** Broken input ends in a DicomParseException naming the offset: no hang, no OutOfMemoryError. */
public class MalformedInputTest {

    private static byte[] validFile() throws Exception {
        Attributes ds = Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Uids.SECONDARY_CAPTURE_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, "1.2.3")
                .setString(Tags.PATIENT_NAME, "Doe^Jane")
                .setSequence(Tags.REFERENCED_IMAGE_SEQUENCE, Attributes.builder().setString(Tags.REFERENCED_SOP_INSTANCE_UID, "1.2.4").build())
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ds, out);
        return out.toByteArray();
    }

    private static DicomParseException parseFails(byte[] bytes) throws Exception {
        Path file = Files.createTempFile("malformed", ".dcm");
        try {
            Files.write(file, bytes);
            Part10Reader.read(file);
            fail("parsed without error");
            return null;
        } catch (DicomParseException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("at byte offset " + e.offset()));
            // The same must hold for streams, which do not know the input size.
            try {
                Part10Reader.read(new ByteArrayInputStream(bytes));
                fail("stream parsed without error");
            } catch (DicomParseException expected) {
                // fine
            }
            return e;
        } finally {
            Files.delete(file);
        }
    }

    @Test(timeout = 5_000)
    public void validFileParses() throws Exception {
        Attributes ds = Part10Reader.read(new ByteArrayInputStream(validFile())).dataset();
        assertEquals("Doe^Jane", ds.getString(Tags.PATIENT_NAME));
        assertEquals("1.2.4", ds.getSequence(Tags.REFERENCED_IMAGE_SEQUENCE).get(0).getString(Tags.REFERENCED_SOP_INSTANCE_UID));
    }

    @Test(timeout = 5_000)
    public void truncatedFile() throws Exception {
        byte[] valid = validFile();
        for (int cut = 133; cut < valid.length - 1; cut += 7) {
            try {
                Part10Reader.read(new ByteArrayInputStream(Arrays.copyOf(valid, cut)));
                // A cut exactly between two top-level elements is a valid, shorter data set.
            } catch (DicomParseException e) {
                assertTrue(e.offset() <= cut);
            }
        }
        DicomParseException e = parseFails(Arrays.copyOf(valid, valid.length - 3));
        assertTrue(e.getMessage(), e.offset() > 132);
    }

    @Test(timeout = 5_000)
    public void absurdLength() throws Exception {
        byte[] valid = validFile();
        byte[] bad = Arrays.copyOf(valid, valid.length + 12);
        int at = valid.length;
        // (0009,0010) UN, 32-bit length 0xFFFFFFF0 in a file a few hundred bytes long
        byte[] element = {0x09, 0x00, 0x10, 0x00, 'U', 'N', 0, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        System.arraycopy(element, 0, bad, at, 12);
        DicomParseException e = parseFails(bad);
        assertEquals(at, e.offset());
        assertTrue(e.getMessage(), e.getMessage().contains("4294967280"));
    }

    @Test(timeout = 5_000)
    public void badMagic() throws Exception {
        byte[] bad = validFile();
        bad[131] = 'X';
        DicomParseException e = parseFails(bad);
        assertEquals(128, e.offset());
    }

    @Test(timeout = 10_000)
    public void sequenceNestingOverTheLimit() throws Exception {
        Attributes item = Attributes.builder().setString(Tags.PATIENT_ID, "deep").build();
        for (int i = 0; i < 100; i++) {
            item = Attributes.builder().setSequence(Tags.REFERENCED_IMAGE_SEQUENCE, item).build();
        }
        Attributes ds = item.toBuilder().setString(Tags.SOP_CLASS_UID, "1.2").setString(Tags.SOP_INSTANCE_UID, "1.3").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).withUndefinedLengths().write(ds, out);
        DicomParseException e = parseFails(out.toByteArray());
        assertTrue(e.getMessage(), e.getMessage().contains("nested deeper than 64"));
    }

    @Test(timeout = 20_000)
    public void garbage() throws Exception {
        Random random = new Random(42);
        byte[] valid = validFile();
        for (int round = 0; round < 300; round++) {
            byte[] bytes = valid.clone();
            for (int i = 0; i < 8; i++) {
                bytes[132 + random.nextInt(bytes.length - 132)] = (byte) random.nextInt(256);
            }
            try {
                Part10Reader.read(new ByteArrayInputStream(bytes));
            } catch (DicomParseException expected) {
                assertTrue(expected.offset() >= 0);
            }
        }
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        parseFails(noise);
    }
}
