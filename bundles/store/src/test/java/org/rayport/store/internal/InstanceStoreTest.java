package org.rayport.store.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Fragments;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.DicomParseException;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.store.InstanceNotFoundException;
import org.rayport.store.InvalidInstanceException;
import org.rayport.store.OpenInstance;
import org.rayport.store.StoredFiles;
import org.rayport.store.StoredInstance;

/** Storing, reading back, encryption at rest, replacement and bad input, on H2 and PostgreSQL. */
public class InstanceStoreTest extends OnStartedStore {

    private static final String POOL = "default";


    @Test
    public void aStreamedCtReadsBackAsTheSameDataSet() throws Exception {
        Attributes ct = TestInstances.ctWithPixels("Doe^Jane");
        String uid = ct.getString(Tags.SOP_INSTANCE_UID);
        StoredInstance stored = started.store(POOL, ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        assertEquals(uid, stored.sopInstanceUid());
        assertEquals(ct.getString(Tags.STUDY_INSTANCE_UID), stored.studyInstanceUid());
        assertEquals(stored, started.store.find(POOL, uid).orElseThrow());
        byte[] expected = StartedStore.encode(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        try (OpenInstance open = started.store.open(POOL, uid)) {
            DicomFile file = open.file();
            assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, file.transferSyntax());
            assertEquals(uid, file.meta().getString(Tags.MEDIA_STORAGE_SOP_INSTANCE_UID));
            assertTrue("pixel data stays in the encrypted file until read",
                    file.dataset().element(Tags.PIXEL_DATA).orElseThrow().isBulkData());
            assertArrayEquals(expected, StartedStore.encode(file.dataset(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        }
        byte[] part10;
        try (InputStream in = started.store.openStream(POOL, uid)) {
            part10 = in.readAllBytes();
        }
        assertEquals(stored.sizeBytes(), part10.length);
        DicomFile parsed = Part10Reader.read(new ByteArrayInputStream(part10));
        assertArrayEquals(expected, StartedStore.encode(parsed.dataset(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));

        // DCMTK, which shares no code with Rayport, reads the decrypted file as the same CT.
        Path exported = temp.newFile("exported.dcm").toPath();
        Files.write(exported, part10);
        String dump = run("dcmdump", "+P", "PatientName", "+P", "SOPInstanceUID", "+P", "Rows", exported.toString());
        assertTrue(dump, dump.contains("[Doe^Jane]"));
        assertTrue(dump, dump.contains("[" + uid + "]"));
        assertTrue(dump, dump.contains("512"));
    }

    @Test
    public void implicitDeflatedAndEncapsulatedSyntaxesReadBackUnchanged() throws Exception {
        for (TransferSyntax syntax : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            Attributes ct = TestInstances.ctWithPixels("Roe^Richard");
            started.store(POOL, ct, syntax);
            try (OpenInstance open = started.store.open(POOL, ct.getString(Tags.SOP_INSTANCE_UID))) {
                assertEquals(syntax, open.file().transferSyntax());
                assertArrayEquals(syntax.toString(), StartedStore.encode(ct, syntax),
                        StartedStore.encode(open.file().dataset(), syntax));
            }
        }
        byte[] fragment = TestInstances.pixels(100_000, 3);
        Attributes jpeg = TestInstances.ct("Poe^Edgar", "P-9", TestInstances.uid(), LocalDate.of(2023, 1, 1),
                        TestInstances.uid(), "CR", 1)
                .setFragments(Tags.PIXEL_DATA, Vr.OB, Fragments.of(List.of(BulkData.ofBytes(fragment),
                        BulkData.ofBytes(new byte[] {1, 2, 3, 4}))))
                .build();
        started.store(POOL, jpeg, TransferSyntax.JPEG_LOSSLESS_SV1);
        try (OpenInstance open = started.store.open(POOL, jpeg.getString(Tags.SOP_INSTANCE_UID))) {
            Fragments read = open.file().dataset().getFragments(Tags.PIXEL_DATA);
            assertEquals(2, read.fragments().size());
            assertArrayEquals(fragment, read.fragments().get(0).readAllBytes());
            assertArrayEquals(StartedStore.encode(jpeg, TransferSyntax.JPEG_LOSSLESS_SV1),
                    StartedStore.encode(open.file().dataset(), TransferSyntax.JPEG_LOSSLESS_SV1));
        }
    }

    @Test
    public void aPart10FileImportsWithItsDataSetBytesUnchanged() throws Exception {
        Attributes ct = TestInstances.ctWithPixels("Doe^John");
        Path file = temp.newFile("ct.dcm").toPath();
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct, file);
        StoredInstance stored = started.store.importFile(POOL, file);
        try (InputStream in = started.store.openStream(POOL, stored.sopInstanceUid())) {
            byte[] original = Files.readAllBytes(file);
            byte[] read = in.readAllBytes();
            assertArrayEquals("the same header writer and the data set bytes copied", original, read);
        }
    }

    @Test
    public void theFileOnDiskShowsNeitherNameNorPixelsAndTheKeyLivesElsewhere() throws Exception {
        Attributes ct = TestInstances.ctWithPixels("Secretname^Patient");
        started.store(POOL, ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        List<Path> files = started.files();
        assertEquals(files.toString(), 1, files.size());
        byte[] raw = Files.readAllBytes(files.get(0));
        byte[] pixels = ct.getBulkData(Tags.PIXEL_DATA).readAllBytes();
        assertFalse(contains(raw, "Secretname".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(contains(raw, ct.getString(Tags.SOP_INSTANCE_UID).getBytes(StandardCharsets.US_ASCII)));
        for (int at = 0; at + 16 <= pixels.length; at += 4096) {
            assertFalse("pixel bytes at " + at + " in clear", contains(raw, Arrays.copyOfRange(pixels, at, at + 16)));
        }
        assertTrue(Files.exists(started.keyStore));
        assertFalse(started.keyStore.startsWith(started.storage));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(MasterKeyFile.passwordFileOf(started.keyStore))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(started.keyStore)));
    }

    @Test
    public void aChangedByteFailsAuthenticationInsteadOfReadingWrongData() throws Exception {
        Attributes ct = TestInstances.ctWithPixels("Doe^Jane");
        String uid = ct.getString(Tags.SOP_INSTANCE_UID);
        started.store(POOL, ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Path file = started.files().get(0);
        byte[] raw = Files.readAllBytes(file);
        raw[raw.length / 2] ^= 0x01;
        Files.write(file, raw);

        IOException streamed = assertThrows(IOException.class, () -> {
            try (InputStream in = started.store.openStream(POOL, uid)) {
                in.readAllBytes();
            }
        });
        assertTrue(streamed.getMessage(), streamed.getMessage().contains("failed authentication"));
        assertTrue(streamed.getMessage(), streamed.getMessage().contains(file.toString()));
        try (OpenInstance open = started.store.open(POOL, uid)) {
            IOException bulk = assertThrows(IOException.class,
                    () -> open.file().dataset().getBulkData(Tags.PIXEL_DATA).readAllBytes());
            assertTrue(bulk.getMessage(), bulk.getMessage().contains("tampered"));
        }
    }

    @Test
    public void aDownloadsTransferDecryptsSegmentWiseAndRefusesAChangedByte() throws Exception {
        Attributes ct = TestInstances.ctWithPixels("Doe^Jane");
        String uid = ct.getString(Tags.SOP_INSTANCE_UID);
        started.store(POOL, ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] read;
        try (InputStream in = started.store.openStream(POOL, uid)) {
            read = in.readAllBytes();
        }
        StoredFiles files = started.store.files(POOL, List.of(uid));
        for (int i = 0; i < 2; i++) {   // the second time through the same buffers
            java.io.ByteArrayOutputStream transferred = new java.io.ByteArrayOutputStream();
            try (InputStream in = files.openStream(uid)) {
                assertEquals(read.length, in.transferTo(transferred));
            }
            assertArrayEquals(read, transferred.toByteArray());
        }

        Path file = started.files().get(0);
        byte[] raw = Files.readAllBytes(file);
        raw[raw.length / 2] ^= 0x01;
        Files.write(file, raw);
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        IOException refused = assertThrows(IOException.class, () -> {
            try (InputStream in = started.store.files(POOL, List.of(uid)).openStream(uid)) {
                in.transferTo(sent);
            }
        });
        assertTrue(refused.getMessage(), refused.getMessage().contains("failed authentication"));
        assertTrue("less than the file went out", sent.size() < read.length);
        assertArrayEquals(java.util.Arrays.copyOf(read, sent.size()), sent.toByteArray());
    }

    @Test
    public void aSecondCopyOfAnInstanceReplacesTheFirst() throws Exception {
        Attributes first = TestInstances.ctWithPixels("Doe^Jane");
        String uid = first.getString(Tags.SOP_INSTANCE_UID);
        started.store(POOL, first, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Attributes second = first.toBuilder().setString(Tags.INSTANCE_NUMBER, "42").build();
        StoredInstance replaced = started.store(POOL, second, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);

        assertEquals(Integer.valueOf(42), replaced.instanceNumber());
        assertEquals(Integer.valueOf(42), started.store.find(POOL, uid).orElseThrow().instanceNumber());
        assertEquals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), started.store.find(POOL, uid).orElseThrow()
                .transferSyntaxUid());
        assertEquals("the older file is gone", 1, started.files().size());
        assertEquals(1, started.store.countsPerPool().get(POOL).instances());
        try (OpenInstance open = started.store.open(POOL, uid)) {
            assertEquals(42, open.file().dataset().getInt(Tags.INSTANCE_NUMBER, 0));
        }
        // The same UID in another pool is another instance.
        started.store("other", first, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertEquals(Integer.valueOf(1), started.store.find("other", uid).orElseThrow().instanceNumber());
        assertEquals(Integer.valueOf(42), started.store.find(POOL, uid).orElseThrow().instanceNumber());
    }

    /**
     * Files looked up together for a download read exactly as openStream reads them, hold a lease while open, and
     * follow what happened after the look-up: a replaced instance reads as its new copy, a deleted one is not found.
     */
    @Test
    public void filesLookedUpTogetherReadAsOpenStreamAndFollowLaterChanges() throws Exception {
        Attributes kept = TestInstances.ctWithPixels("Doe^Jane");
        Attributes replaced = TestInstances.ctWithPixels("Doe^John");
        Attributes deleted = TestInstances.ctWithPixels("Doe^Jim");
        for (Attributes ct : List.of(kept, replaced, deleted)) {
            started.store(POOL, ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
        String keptUid = kept.getString(Tags.SOP_INSTANCE_UID);
        String replacedUid = replaced.getString(Tags.SOP_INSTANCE_UID);
        String deletedUid = deleted.getString(Tags.SOP_INSTANCE_UID);
        StoredFiles files = started.store.files(POOL, List.of(keptUid, replacedUid, deletedUid, "1.2.3.4"));

        started.store(POOL, replaced.toBuilder().setString(Tags.INSTANCE_NUMBER, "42").build(),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertEquals(1, started.store.deleteInstance(POOL, deletedUid).instances());

        try (InputStream together = files.openStream(keptUid); InputStream alone = started.store.openStream(POOL,
                keptUid)) {
            assertArrayEquals(alone.readAllBytes(), together.readAllBytes());
            assertEquals("a file open through the look-up is not deleted", 1,
                    started.store.deleteInstance(POOL, keptUid).skippedInUse());
        }
        try (InputStream in = files.openStream(replacedUid)) {
            assertEquals(42, Part10Reader.read(new ByteArrayInputStream(in.readAllBytes())).dataset()
                    .getInt(Tags.INSTANCE_NUMBER, 0));
        }
        assertThrows(InstanceNotFoundException.class, () -> files.openStream(deletedUid));
        assertThrows(InstanceNotFoundException.class, () -> files.openStream("1.2.3.4"));
        assertEquals("every lease was released", 1, started.store.deleteInstance(POOL, keptUid).instances());
    }

    @Test
    public void aReplacedFileStaysReadableForItsOpenReaderAndGoesWhenClosed() throws Exception {
        Attributes first = TestInstances.ctWithPixels("Doe^Jane");
        String uid = first.getString(Tags.SOP_INSTANCE_UID);
        started.store(POOL, first, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        try (OpenInstance open = started.store.open(POOL, uid)) {
            started.store(POOL, first.toBuilder().setString(Tags.INSTANCE_NUMBER, "2").build(),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertEquals(2, started.files().size());
            assertArrayEquals(first.getBulkData(Tags.PIXEL_DATA).readAllBytes(),
                    open.file().dataset().getBulkData(Tags.PIXEL_DATA).readAllBytes());
        }
        assertEquals(1, started.files().size());
    }

    @Test
    public void aTruncatedDataSetIsRejectedAndLeavesNothing() throws Exception {
        Attributes ct = TestInstances.ctWithPixels("Doe^Jane");
        byte[] whole = StartedStore.encode(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] cut = Arrays.copyOf(whole, whole.length - 1000);
        InvalidInstanceException e = assertThrows(InvalidInstanceException.class, () -> started.store.store(POOL,
                StartedStore.incoming(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), new ByteArrayInputStream(cut)));
        assertTrue(e.getMessage(), e.getMessage().contains("truncated"));
        assertTrue(e.getCause() instanceof DicomParseException);
        assertNothingKept(ct.getString(Tags.SOP_INSTANCE_UID));
    }

    @Test
    public void aTransferCutOffMidwayFailsAndLeavesNoFileAndNoThreadAtWork() throws Exception {
        // As an association aborted in the pixel data: the stream fails while early fsyncs of the first megabytes
        // may still run on the file about to be removed.
        Attributes ct = TestInstances.ct("Doe^Jane", "PID-1", TestInstances.uid(), LocalDate.of(2024, 3, 5),
                        TestInstances.uid(), "CT", 1)
                .setBulkData(Tags.PIXEL_DATA, Vr.OB, BulkData.ofBytes(TestInstances.pixels(6 * 1024 * 1024, 3)))
                .build();
        byte[] whole = StartedStore.encode(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        InputStream aborted = new FailingAfter(whole, 4 * 1024 * 1024 + 123);
        IOException e = assertThrows(IOException.class, () -> started.store.store(POOL,
                StartedStore.incoming(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), aborted));
        assertFalse(e instanceof InvalidInstanceException);
        assertTrue(e.getMessage(), e.getMessage().contains("association aborted"));
        assertNothingKept(ct.getString(Tags.SOP_INSTANCE_UID));
        // The fsync threads (early fsyncs included) are idle in their pool: they end at once when the store stops.
        started.close();
        started = null;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("rayport-store-fsync")) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(thread.getName() + " still runs after the store stopped: " + Arrays.toString(
                        thread.getStackTrace()), thread.isAlive());
            }
        }
    }

    /** Delivers the first bytes of a data set, then fails as a socket does when the peer aborts. */
    private static final class FailingAfter extends InputStream {
        private final ByteArrayInputStream bytes;
        private int left;

        FailingAfter(byte[] whole, int failAt) {
            this.bytes = new ByteArrayInputStream(whole);
            this.left = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                throw new IOException("Connection reset: association aborted by the peer");
            }
            int n = bytes.read(b, off, Math.min(len, Math.min(16 * 1024, left)));
            left -= Math.max(n, 0);
            return n;
        }
    }

    @Test
    public void bytesThatAreNotDicomAreRejectedAndLeaveNothing() throws Exception {
        Attributes ct = TestInstances.ctWithPixels("Doe^Jane");
        byte[] text = "This is a plain text file, not a DICOM data set at all.\n".repeat(100)
                .getBytes(StandardCharsets.US_ASCII);
        InvalidInstanceException e = assertThrows(InvalidInstanceException.class, () -> started.store.store(POOL,
                StartedStore.incoming(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), new ByteArrayInputStream(text)));
        assertTrue(e.getMessage(), e.getMessage().contains("at byte offset"));
        assertThrows(InvalidInstanceException.class, () -> started.store.store(POOL,
                StartedStore.incoming(ct, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN), new ByteArrayInputStream(text)));
        Path notDicom = temp.newFile("notes.txt").toPath();
        Files.write(notDicom, text);
        assertThrows(InvalidInstanceException.class, () -> started.store.importFile(POOL, notDicom));
        // Valid DICOM, but not the instance the C-STORE announced.
        Attributes other = TestInstances.ctWithPixels("Doe^Jane");
        InvalidInstanceException wrong = assertThrows(InvalidInstanceException.class, () -> started.store.store(POOL,
                StartedStore.incoming(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                new ByteArrayInputStream(StartedStore.encode(other, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))));
        assertTrue(wrong.getMessage(), wrong.getMessage().contains("SOPInstanceUID"));
        assertNothingKept(ct.getString(Tags.SOP_INSTANCE_UID));
    }

    @Test
    public void unknownInstancesAreNotFound() {
        assertTrue(started.store.find(POOL, "1.2.3").isEmpty());
        assertThrows(InstanceNotFoundException.class, () -> started.store.open(POOL, "1.2.3"));
        assertThrows(InstanceNotFoundException.class, () -> started.store.openStream(POOL, "1.2.3"));
        assertThrows(IllegalArgumentException.class,
                () -> started.store.deleteOlderThan("../etc", java.time.Duration.ZERO));
    }

    @Test
    public void theStoreRestartsOnTheSameKeyAndIndex() throws Exception {
        Attributes ct = TestInstances.ctWithPixels("Doe^Jane");
        started.store(POOL, ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        started.store.close();
        EncryptedInstanceStore again = StartedStore.start(started.dataSource, started.storage, started.keyStore);
        try (InputStream in = again.openStream(POOL, ct.getString(Tags.SOP_INSTANCE_UID))) {
            assertEquals("Doe^Jane", Part10Reader.read(in).dataset().getString(Tags.PATIENT_NAME));
        } finally {
            again.close();
            database.close(started.dataSource);
            started = null;
        }
    }

    private void assertNothingKept(String uid) {
        assertEquals("no file, not even a temporary one", List.of(), started.files());
        assertTrue(started.store.find(POOL, uid).isEmpty());
        assertTrue(started.store.countsPerPool().isEmpty());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static String run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is missing: install the test peers (scripts/install-test-peers.sh,"
                    + " package dcmtk)", e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(command[0] + " did not finish", process.waitFor(60, TimeUnit.SECONDS));
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(command[0] + " failed: " + text, 0, process.exitValue());
        return text;
    }
}
