package org.rayport.dicom.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;

/**
 * A multi-frame file larger than the test heap (surefire runs with -Xmx128m) is written
 * from a generator and parsed: both sides must stream pixel data, never hold it.
 */
public class LargeFileTest {

    private static final int FRAMES = 300;
    private static final int FRAME_BYTES = 1024 * 1024;

    @Test(timeout = 60_000)
    public void threeHundredMegabytesInConstantMemory() throws Exception {
        long length = (long) FRAMES * FRAME_BYTES;
        BulkData generated = BulkData.of(length, () -> new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? (int) (left & 0xFF) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) --left;
                }
                return n;
            }
        });
        Attributes ds = Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Uids.MULTI_FRAME_GRAYSCALE_BYTE_SECONDARY_CAPTURE_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, "1.2.826.0.1.3680043.2.1143.99")
                .setInt(Tags.ROWS, 1024).setInt(Tags.COLUMNS, 1024)
                .setString(Tags.NUMBER_OF_FRAMES, Integer.toString(FRAMES))
                .setInt(Tags.BITS_ALLOCATED, 8)
                .setBulkData(Tags.PIXEL_DATA, Vr.OB, generated)
                .build();
        Path file = Files.createTempFile("rayport-large", ".dcm");
        try {
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ds, file);
            assertTrue(Files.size(file) > length);
            Attributes read = Part10Reader.read(file).dataset();
            assertEquals(FRAMES, read.getInt(Tags.NUMBER_OF_FRAMES, 0));
            BulkData pixels = read.getBulkData(Tags.PIXEL_DATA);
            assertTrue(read.element(Tags.PIXEL_DATA).orElseThrow().isBulkData());
            assertEquals(length, pixels.length());
            try (InputStream in = pixels.openStream()) {
                in.skipNBytes(length - 2);
                assertEquals(1, in.read());
                assertEquals(0, in.read());
                assertEquals(-1, in.read());
            }
        } finally {
            Files.delete(file);
        }
    }
}
