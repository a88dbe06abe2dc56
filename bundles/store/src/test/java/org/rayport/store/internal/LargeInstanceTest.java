package org.rayport.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.store.OpenInstance;
import org.rayport.store.StoredInstance;
import org.rayport.testing.TestDatabase;

/**
 * A 1 GiB multi-frame instance is stored and read back while the test JVM has a 128 MiB heap (surefire execution
 * "large-instance"): encryption and decryption must stream, and reading at a random offset must decrypt only the
 * segments there. Prints the throughput; asserts only the content.
 */
public class LargeInstanceTest {

    private static final int FRAMES = 1024;
    private static final int FRAME_BYTES = 1024 * 1024;
    private static final long LENGTH = (long) FRAMES * FRAME_BYTES;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private StartedStore started;

    @Before
    public void start() throws Exception {
        started = StartedStore.on(TestDatabase.H2, temp.newFolder().toPath());
    }

    @After
    public void stop() throws Exception {
        started.close();
    }

    @Test
    public void aGigabyteInstanceStreamsInAndReadsAtARandomOffset() throws Exception {
        assertTrue("the heap must be far smaller than the instance: run through surefire's large-instance execution",
                Runtime.getRuntime().maxMemory() < LENGTH / 4);
        String uid = TestInstances.uid();
        Attributes dataset = TestInstances.ct("Big^Volume", "P-BIG", TestInstances.uid(), LocalDate.of(2024, 5, 1),
                        TestInstances.uid(), "CT", 1)
                .setString(Tags.SOP_CLASS_UID, "1.2.840.10008.5.1.4.1.1.7.2")
                .setString(Tags.SOP_INSTANCE_UID, uid)
                .setInt(Tags.SAMPLES_PER_PIXEL, 1)
                .setString(Tags.PHOTOMETRIC_INTERPRETATION, "MONOCHROME2")
                .setString(Tags.NUMBER_OF_FRAMES, Integer.toString(FRAMES))
                .setInt(Tags.ROWS, 1024).setInt(Tags.COLUMNS, 1024)
                .setInt(Tags.BITS_ALLOCATED, 8).setInt(Tags.BITS_STORED, 8).setInt(Tags.HIGH_BIT, 7)
                .setInt(Tags.PIXEL_REPRESENTATION, 0)
                .setBulkData(Tags.PIXEL_DATA, Vr.OB, BulkData.of(LENGTH, () -> new Generated(0, LENGTH)))
                .build();
        Path file = temp.newFile("large.dcm").toPath();
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(dataset, file);
        long fileSize = Files.size(file);

        long t0 = System.nanoTime();
        StoredInstance stored = started.store.importFile("big", file);
        long t1 = System.nanoTime();
        Files.delete(file);
        assertEquals(fileSize, stored.sizeBytes());
        assertTrue(stored.storedBytes() > stored.sizeBytes());

        long offset = new Random().nextInt(FRAMES - 1) * (long) FRAME_BYTES + new Random().nextInt(FRAME_BYTES);
        long t2;
        long t3;
        try (OpenInstance open = started.store.open("big", uid)) {
            BulkData pixels = open.file().dataset().getBulkData(Tags.PIXEL_DATA);
            assertEquals(LENGTH, pixels.length());
            t2 = System.nanoTime();
            try (InputStream in = pixels.openStream()) {
                assertEquals(offset, in.skip(offset));
                byte[] read = in.readNBytes(FRAME_BYTES);
                assertEquals(FRAME_BYTES, read.length);
                byte[] expected = new Generated(offset, FRAME_BYTES).readAllBytes();
                for (int i = 0; i < read.length; i++) {
                    if (read[i] != expected[i]) {
                        throw new AssertionError("pixel byte at offset " + (offset + i) + " differs");
                    }
                }
            }
            t3 = System.nanoTime();
        }
        long t4 = System.nanoTime();
        long checked = 0;
        try (InputStream in = started.store.openStream("big", uid)) {
            in.skipNBytes(fileSize - LENGTH);
            Generated expected = new Generated(0, LENGTH);
            byte[] a = new byte[1 << 20];
            byte[] b = new byte[1 << 20];
            int n;
            while ((n = in.readNBytes(a, 0, a.length)) > 0) {
                expected.readNBytes(b, 0, n);
                for (int i = 0; i < n; i++) {
                    if (a[i] != b[i]) {
                        throw new AssertionError("pixel byte at offset " + (checked + i) + " differs");
                    }
                }
                checked += n;
            }
        }
        long t5 = System.nanoTime();
        assertEquals(LENGTH, checked);
        System.out.printf("LargeInstanceTest: %d MiB instance, heap %d MiB: store %.0f MB/s, random read of 1 MiB at"
                        + " %d in %.1f ms, full decrypting read %.0f MB/s%n", fileSize >> 20,
                Runtime.getRuntime().maxMemory() >> 20, fileSize / ((t1 - t0) / 1e3), offset, (t3 - t2) / 1e6,
                fileSize / ((t5 - t4) / 1e3));
    }

    /** Pixel bytes that are a function of their offset, so any range can be checked without keeping the data. */
    private static final class Generated extends InputStream {

        private long position;
        private final long end;

        Generated(long from, long length) {
            this.position = from;
            this.end = from + length;
        }

        static byte at(long p) {
            long x = p * 0x9E3779B97F4A7C15L;
            return (byte) (x >>> 56 ^ p >>> 20);
        }

        @Override
        public int read() {
            return position < end ? at(position++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= end) {
                return -1;
            }
            int n = (int) Math.min(len, end - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = at(position++);
            }
            return n;
        }
    }
}
