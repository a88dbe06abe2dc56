package org.rayport.pseudonymization.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Sequence;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.DicomParseException;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;

/**
 * Each kind of action of the basic profile on a data set streamed through {@link HmacPseudonymizer#pseudonymize}
 * in every uncompressed transfer syntax; consistency, separation of pools and persistence of the secrets.
 */
public class PseudonymizerTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";
    private static final String SERIES = "1.2.826.0.1.3680043.8.498.1.2";
    private static final String INSTANCE = "1.2.826.0.1.3680043.8.498.1.2.3";
    private static final String FRAME_OF_REFERENCE = "1.2.826.0.1.3680043.8.498.9";
    private static final String REFERENCED = "1.2.826.0.1.3680043.8.498.1.2.4";
    private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private HmacPseudonymizer pseudonymizer() throws IOException {
        return new HmacPseudonymizer(temp.getRoot().toPath().resolve("etc").resolve(HmacPseudonymizer.KEY_STORE));
    }

    static Attributes original(byte[] pixels) {
        Attributes referenced = Attributes.builder()
                .setString(Tag.named("ReferencedSOPClassUID"), Vr.UI, CT_IMAGE_STORAGE)
                .setString(Tags.REFERENCED_SOP_INSTANCE_UID, Vr.UI, REFERENCED)
                .setString(Tag.named("PatientName"), Vr.PN, "Nested^Name")   // not in an item's table row: still Z
                .build();
        Attributes contentItem = Attributes.builder()
                .setString(Tag.named("PersonName"), Vr.PN, "Observer^Olga")
                .setString(Tag.named("UID"), Vr.UI, "1.2.826.0.1.3680043.8.498.77")
                .setString(Tag.named("ValueType"), Vr.CS, "PNAME")
                .build();
        return Attributes.builder()
                .setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 100")
                .setString(Tag.named("ImageType"), Vr.CS, "ORIGINAL", "PRIMARY", "AXIAL")
                .setString(Tag.named("SOPClassUID"), Vr.UI, CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, INSTANCE)
                .setString(Tag.named("StudyDate"), Vr.DA, "20240315")
                .setString(Tag.named("ContentDate"), Vr.DA, "20240316")
                .setString(Tag.named("StudyTime"), Vr.TM, "101500")
                .setString(Tag.named("ContentTime"), Vr.TM, "101530")
                .setString(Tag.named("AccessionNumber"), Vr.SH, "ACC123")
                .setString(Tag.named("Modality"), Vr.CS, "CT")
                .setString(Tag.named("InstitutionName"), Vr.LO, "St. Elsewhere")
                .setString(Tag.named("ReferringPhysicianName"), Vr.PN, "Referrer^Rita")
                .setString(Tag.named("StationName"), Vr.SH, "CT01")
                .setSequence(Tag.named("ReferencedImageSequence"), referenced)
                .setString(Tag.named("PatientName"), Vr.PN, "Doe^Jane")
                .setString(Tag.named("PatientID"), Vr.LO, "PID-4711")
                .setString(Tag.named("PatientBirthDate"), Vr.DA, "19700101")
                .setString(Tag.named("PatientSex"), Vr.CS, "F")
                .setString(Tag.named("PatientAge"), Vr.AS, "054Y")
                .setSequence(Tag.named("OtherPatientIDsSequence"), Attributes.builder()
                        .setString(Tag.named("PatientID"), Vr.LO, "OTHER-1").build())
                .setString(Tag.of(0x0009, 0x0010), Vr.LO, "ACME 1.0")
                .setString(Tag.of(0x0009, 0x1001), Vr.LO, "Doe^Jane private copy")
                .setSequence(Tag.of(0x0009, 0x1002), Attributes.builder()
                        .setString(Tags.PATIENT_NAME, Vr.PN, "Doe^Jane in a private sequence").build())
                .setString(Tag.named("DeviceSerialNumber"), Vr.LO, "SN-99")
                .setString(Tag.named("ProtocolName"), Vr.LO, "Head routine")
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, STUDY)
                .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, SERIES)
                .setString(Tag.named("StudyID"), Vr.SH, "S1")
                .setString(Tag.named("FrameOfReferenceUID"), Vr.UI, FRAME_OF_REFERENCE)
                .setString(Tag.named("ImageComments"), Vr.LT, "Jane was nervous")
                .setSequence(Tag.named("ContentSequence"), contentItem)
                .setInt(Tag.named("Rows"), Vr.US, 2)
                .setInt(Tag.named("Columns"), Vr.US, pixels.length / 4)
                .setString(Tag.named("BurnedInAnnotation"), Vr.CS, "YES")
                .setBytes(Tag.of(0x6000, 0x3000), Vr.OW, new byte[] {1, 2, 3, 4})
                .setInt(Tag.of(0x6000, 0x0010), Vr.US, 2)
                .setBytes(Tags.PIXEL_DATA, Vr.OW, pixels)
                .build();
    }

    private Attributes roundTrip(HmacPseudonymizer p, String pool, Attributes dataSet, TransferSyntax syntax)
            throws IOException {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        Part10Writer.of(syntax).writeDataSet(dataSet, encoded);
        try (InputStream cleaned = p.pseudonymize(pool, syntax, new ByteArrayInputStream(encoded.toByteArray()))) {
            return Part10Reader.defaults().parseDataSet(cleaned, syntax);
        }
    }

    private static byte[] pixels(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    public void everyActionKindInEveryUncompressedSyntax() throws IOException {
        HmacPseudonymizer p = pseudonymizer();
        byte[] pixels = pixels(200_000);   // above the inline limit: copied through
        for (TransferSyntax syntax : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            Attributes out = roundTrip(p, "ct", original(pixels), syntax);
            String in = " in " + syntax;
            Pseudonyms pseudonyms = p.pseudonyms("ct");
            // U
            assertEquals(in, pseudonyms.uid(STUDY), out.getString(Tags.STUDY_INSTANCE_UID));
            assertTrue(in, out.getString(Tags.SOP_INSTANCE_UID).startsWith("2.25."));
            assertNotEquals(in, INSTANCE, out.getString(Tags.SOP_INSTANCE_UID));
            assertEquals(in, p.pseudonymousUid("ct", INSTANCE), out.getString(Tags.SOP_INSTANCE_UID));
            assertEquals(in, pseudonyms.uid(FRAME_OF_REFERENCE), out.getString(Tag.named("FrameOfReferenceUID")));
            assertEquals("SOP classes stay" + in, CT_IMAGE_STORAGE, out.getString(Tag.named("SOPClassUID")));
            // Z: empty, or the pseudonyms for the patient, or shifted dates
            assertEquals(in, "", out.getString(Tag.named("AccessionNumber"), ""));
            assertTrue(in, out.contains(Tag.named("AccessionNumber")));
            assertEquals(in, "", out.getString(Tag.named("ReferringPhysicianName"), ""));
            assertEquals(in, pseudonyms.personName("Doe^Jane"), out.getString(Tags.PATIENT_NAME));
            assertTrue(in, out.getString(Tags.PATIENT_NAME).matches("PSEUDO\\^[A-Z]{8}"));
            assertEquals(in, pseudonyms.patientId("PID-4711"), out.getString(Tags.PATIENT_ID));
            assertEquals(in, "", out.getString(Tag.named("StudyTime"), ""));
            LocalDate studyDate = LocalDate.parse(out.getString(Tag.named("StudyDate")), DateTimeFormatter.BASIC_ISO_DATE);
            long shift = ChronoUnit.DAYS.between(studyDate, LocalDate.of(2024, 3, 15));
            assertTrue(in + ": shift " + shift, shift >= 1 && shift <= Pseudonyms.MAX_DATE_SHIFT_DAYS);
            assertEquals("birth date shifted by the same days" + in, LocalDate.of(1970, 1, 1).minusDays(shift)
                    .format(DateTimeFormatter.BASIC_ISO_DATE), out.getString(Tag.named("PatientBirthDate")));
            // D (Z/D, X/Z/D resolved to D)
            assertEquals(in, LocalDate.of(2024, 3, 16).minusDays(shift).format(DateTimeFormatter.BASIC_ISO_DATE),
                    out.getString(Tag.named("ContentDate")));
            assertEquals(in, "000000.00", out.getString(Tag.named("ContentTime")));
            String institution = out.getString(Tag.named("InstitutionName"));
            assertTrue(in + ": " + institution, institution.matches("D[0-9A-F]{16}"));
            assertTrue(in, out.getString(Tag.named("StationName")).matches("D[0-9A-F]{15}"));
            assertNotEquals(in, "SN-99", out.getString(Tag.named("DeviceSerialNumber")));
            assertTrue(in, out.getString(Tag.named("ProtocolName")).startsWith("D"));
            // X
            for (String removed : List.of("PatientAge", "OtherPatientIDsSequence", "ImageComments")) {
                assertFalse(removed + in, out.contains(Tag.named(removed)));
            }
            assertFalse("overlay data" + in, out.contains(Tag.of(0x6000, 0x3000)));
            assertTrue("other overlay attributes stay" + in, out.contains(Tag.of(0x6000, 0x0010)));
            // private
            assertFalse(in, out.contains(Tag.of(0x0009, 0x0010)));
            assertFalse(in, out.contains(Tag.of(0x0009, 0x1001)));
            assertFalse("private sequence" + in, out.contains(Tag.of(0x0009, 0x1002)));
            // K (not in the table) and bulk data copied through
            assertEquals(in, "CT", out.getString(Tag.named("Modality")));
            assertEquals(in, "YES", out.getString(Tag.named("BurnedInAnnotation")));
            assertArrayEquals(in, pixels, out.element(Tags.PIXEL_DATA).get().bulkData().readAllBytes());
            // nested sequences
            Attributes item = out.getSequence(Tag.named("ReferencedImageSequence")).get(0);
            assertEquals(in, pseudonyms.uid(REFERENCED), item.getString(Tags.REFERENCED_SOP_INSTANCE_UID));
            assertEquals(in, CT_IMAGE_STORAGE, item.getString(Tag.named("ReferencedSOPClassUID")));
            assertEquals(in, pseudonyms.personName("Nested^Name"), item.getString(Tags.PATIENT_NAME));
            Attributes content = out.getSequence(Tag.named("ContentSequence")).get(0);
            assertEquals(in, pseudonyms.personName("Observer^Olga"), content.getString(Tag.named("PersonName")));
            assertEquals(in, pseudonyms.uid("1.2.826.0.1.3680043.8.498.77"), content.getString(Tag.named("UID")));
            assertEquals(in, "PNAME", content.getString(Tag.named("ValueType")));
            // what the profile adds
            assertEquals(in, "YES", out.getString(Deidentifier.PATIENT_IDENTITY_REMOVED));
            assertEquals(in, Deidentifier.METHOD, out.getString(Deidentifier.DEIDENTIFICATION_METHOD));
            assertEquals(in, "113100", out.getSequence(Deidentifier.DEIDENTIFICATION_METHOD_CODE_SEQUENCE).get(0)
                    .getString(Tag.of(0x0008, 0x0100)));
            assertEquals(in, "MODIFIED", out.getString(Deidentifier.LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED));
        }
    }

    @Test
    public void sameInputSamePoolGivesTheSameOutputAndTwoPoolsDiffer() throws IOException {
        HmacPseudonymizer p = pseudonymizer();
        Attributes dataSet = original(pixels(1000));
        Attributes first = roundTrip(p, "ct", dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Attributes again = roundTrip(p, "ct", dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Attributes other = roundTrip(p, "mr", dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertEquals(first, again);
        for (Tag tag : List.of(Tags.PATIENT_NAME, Tags.PATIENT_ID, Tags.STUDY_INSTANCE_UID, Tags.SERIES_INSTANCE_UID,
                Tags.SOP_INSTANCE_UID, Tag.named("StudyDate"))) {
            assertNotEquals(tag + " differs between pools", first.getString(tag), other.getString(tag));
        }
        Attributes secondSeries = dataSet.toBuilder().setString(Tags.SERIES_INSTANCE_UID, Vr.UI, SERIES + ".2")
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, INSTANCE + ".2").build();
        Attributes second = roundTrip(p, "ct", secondSeries, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertEquals(first.getString(Tags.PATIENT_ID), second.getString(Tags.PATIENT_ID));
        assertEquals(first.getString(Tags.STUDY_INSTANCE_UID), second.getString(Tags.STUDY_INSTANCE_UID));
        assertNotEquals(first.getString(Tags.SERIES_INSTANCE_UID), second.getString(Tags.SERIES_INSTANCE_UID));
    }

    @Test
    public void secretsPersistInAnOwnerOnlyKeyStore() throws IOException {
        Attributes dataSet = original(pixels(1000));
        Attributes before = roundTrip(pseudonymizer(), "ct", dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Path keyStore = temp.getRoot().toPath().resolve("etc").resolve(HmacPseudonymizer.KEY_STORE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyStore)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                keyStore.resolveSibling(HmacPseudonymizer.KEY_STORE + ".password"))));
        byte[] stored = Files.readAllBytes(keyStore);
        Attributes afterRestart = roundTrip(pseudonymizer(), "ct", dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertEquals(before, afterRestart);
        roundTrip(pseudonymizer(), "CT", dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertFalse("a second pool adds its key", java.util.Arrays.equals(stored, Files.readAllBytes(keyStore)));
        assertNotEquals("pool ids are case-sensitive", pseudonymizer().pseudonymousUid("ct", STUDY),
                pseudonymizer().pseudonymousUid("CT", STUDY));
        // A copy of etc (a backup) gives the same pseudonyms elsewhere
        Path restored = temp.newFolder("restored").toPath();
        Files.copy(keyStore, restored.resolve(HmacPseudonymizer.KEY_STORE));
        Files.copy(keyStore.resolveSibling(HmacPseudonymizer.KEY_STORE + ".password"),
                restored.resolve(HmacPseudonymizer.KEY_STORE + ".password"));
        assertEquals(before.getString(Tags.PATIENT_NAME), roundTrip(new HmacPseudonymizer(restored.resolve(
                HmacPseudonymizer.KEY_STORE)), "ct", dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                .getString(Tags.PATIENT_NAME));
    }

    @Test
    public void aPart10FileGetsMetaInformationWithTheNewInstanceUid() throws IOException {
        HmacPseudonymizer p = pseudonymizer();
        Path in = temp.newFile("in.dcm").toPath();
        Path out = temp.getRoot().toPath().resolve("out.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(original(pixels(300_000)), in);
        p.pseudonymizeFile("ct", in, out);
        var file = Part10Reader.read(out);
        String uid = p.pseudonymousUid("ct", INSTANCE);
        assertEquals(uid, file.meta().getString(Tags.MEDIA_STORAGE_SOP_INSTANCE_UID));
        assertEquals(uid, file.dataset().getString(Tags.SOP_INSTANCE_UID));
        Attributes streamed = roundTrip(p, "ct", original(pixels(300_000)), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        for (Tag tag : List.of(Tags.PATIENT_NAME, Tags.PATIENT_ID, Tags.STUDY_INSTANCE_UID, Tag.named("StudyDate"),
                Tag.named("InstitutionName"))) {
            assertEquals("file and stream agree on " + tag, streamed.getString(tag), file.dataset().getString(tag));
        }
        String bytes = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
        for (String original : List.of("Doe^Jane", "PID-4711", INSTANCE, STUDY, SERIES, "St. Elsewhere")) {
            assertFalse(original + " left in the file", bytes.contains(original));
        }
    }

    @Test
    public void truncatedInputFailsWithItsOffset() throws IOException {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).writeDataSet(original(pixels(100_000)), encoded);
        byte[] cut = java.util.Arrays.copyOf(encoded.toByteArray(), encoded.size() - 5000);
        try (InputStream cleaned = pseudonymizer().pseudonymize("ct", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                new ByteArrayInputStream(cut))) {
            cleaned.transferTo(OutputStreamSink.INSTANCE);
            fail("a truncated data set was accepted");
        } catch (DicomParseException expected) {
            assertEquals(cut.length, expected.offset());
        }
    }

    @Test
    public void aValueTooLongToReplaceIsRefusedNotLoaded() throws IOException {
        // PatientComments (X) is skipped whatever its length; ImageComments too; a 70 MB AccessionNumber (Z) is not
        byte[] header = {0x08, 0x00, 0x50, 0x00, 'U', 'N', 0, 0, 0, 0, 0x60, 0x04};   // (0008,0050) UN, 70 MiB
        InputStream huge = new java.io.SequenceInputStream(new ByteArrayInputStream(header),
                new ByteArrayInputStream(new byte[16]));
        try (InputStream cleaned = pseudonymizer().pseudonymize("ct", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, huge)) {
            cleaned.transferTo(OutputStreamSink.INSTANCE);
            fail("a 70 MB accession number was accepted");
        } catch (DicomParseException expected) {
            assertEquals(0, expected.offset());
            assertTrue(expected.getMessage(), expected.getMessage().contains("(0008,0050)"));
        }
        assertNull(null);
    }

    /**
     * 512 MiB of pixel data pass through a JVM of 64 MiB heap (surefire's argLine for this module): the value is
     * copied through, never held. Prints the throughput.
     */
    @Test
    public void pixelDataLargerThanTheHeapPassesThrough() throws IOException {
        long pixelBytes = 512L * 1024 * 1024;
        assertTrue("run with a heap smaller than the data: " + Runtime.getRuntime().maxMemory(),
                Runtime.getRuntime().maxMemory() < pixelBytes / 4);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        Attributes attributes = original(new byte[0]).toBuilder().remove(Tags.PIXEL_DATA).build();
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).writeDataSet(attributes, header);
        header.write(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0});
        header.write(new byte[] {0, 0, 0, 0x20});   // 0x20000000 = 512 MiB
        java.util.zip.CRC32 sent = new java.util.zip.CRC32();
        InputStream pixels = new InputStream() {
            private long left = pixelBytes;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((left - i) * 13);
                }
                sent.update(b, off, n);
                left -= n;
                return n;
            }
        };
        long start = System.nanoTime();
        java.util.zip.CRC32 received = new java.util.zip.CRC32();
        long total = 0;
        try (InputStream cleaned = pseudonymizer().pseudonymize("ct", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                new java.io.SequenceInputStream(new ByteArrayInputStream(header.toByteArray()), pixels))) {
            byte[] buffer = new byte[64 * 1024];
            byte[] pixelHeader = java.util.Arrays.copyOfRange(header.toByteArray(), header.size() - 12, header.size());
            boolean inPixels = false;
            for (int n = cleaned.read(buffer); n >= 0; n = cleaned.read(buffer)) {
                if (inPixels) {
                    total += n;
                    received.update(buffer, 0, n);
                } else {
                    // the header of the pixel data ends the piece of output before them
                    inPixels = n >= 12 && java.util.Arrays.equals(pixelHeader, java.util.Arrays.copyOfRange(buffer,
                            n - 12, n));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("pseudonymized a data set with 512 MiB pixel data in %.2f s (%.0f MB/s), heap %d MiB%n",
                seconds, pixelBytes / 1e6 / seconds, Runtime.getRuntime().maxMemory() >> 20);
        assertEquals("the pixel data is all there", pixelBytes, total);
        assertEquals("and unchanged", sent.getValue(), received.getValue());
        assertEquals("the input was read to its end", 0, pixels.read(new byte[1], 0, 1) + 1);
    }

    /** Discards what it is given. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    static Sequence unused() {
        return Sequence.EMPTY;
    }
}
