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
 * A multi-frame file past 2^31 bytes, where an int offset or length would overflow, is written, parsed and written
 * again with a heap of 128 MB (surefire's setting for this module): pixel data stays on disk throughout, and the
 * bytes past the 2 GB mark are where they belong.
 */
public class BeyondTwoGigabytesTest {

    private static final int FRAME_BYTES = 1024 * 1024;
    private static final int FRAMES = 2100;

    @Test(timeout = 300_000)
    public void aFileLargerThanTwoGigabytesStreamsBothWays() throws Exception {
        long length = (long) FRAMES * FRAME_BYTES;
        assertTrue(length > Integer.MAX_VALUE);
        Path first = Files.createTempFile("rayport-2gb-", ".dcm");
        Path second = Files.createTempFile("rayport-2gb-copy-", ".dcm");
        try {
            Attributes generated = Attributes.builder()
                    .setString(Tags.SOP_CLASS_UID, Uids.MULTI_FRAME_GRAYSCALE_BYTE_SECONDARY_CAPTURE_IMAGE_STORAGE)
                    .setString(Tags.SOP_INSTANCE_UID, "1.2.826.0.1.3680043.2.1143.2048")
                    .setInt(Tags.ROWS, 1024).setInt(Tags.COLUMNS, 1024)
                    .setString(Tags.NUMBER_OF_FRAMES, Integer.toString(FRAMES))
                    .setInt(Tags.BITS_ALLOCATED, 8)
                    .setBulkData(Tags.PIXEL_DATA, Vr.OB, BulkData.of(length, () -> new FramePattern(length)))
                    .build();
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(generated, first);

            DicomFile parsed = Part10Reader.read(first);
            BulkData pixels = parsed.dataset().getBulkData(Tags.PIXEL_DATA);
            assertEquals(length, pixels.length());
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(parsed.dataset(), second);
            assertEquals(Files.size(first), Files.size(second));

            BulkData copied = Part10Reader.read(second).dataset().getBulkData(Tags.PIXEL_DATA);
            assertEquals(length, copied.length());
            try (InputStream in = copied.openStream()) {
                long lastFrame = length - FRAME_BYTES;
                in.skipNBytes(lastFrame);
                byte[] frame = in.readNBytes(FRAME_BYTES);
                assertEquals(FRAME_BYTES, frame.length);
                for (int i = 0; i < frame.length; i += 4096) {
                    assertEquals("byte " + (lastFrame + i), FramePattern.at(lastFrame + i), frame[i]);
                }
            }
        } finally {
            Files.deleteIfExists(first);
            Files.deleteIfExists(second);
        }
    }

    /** Bytes that tell their position: the high part of the offset, so an overflow shows as wrong values. */
    private static final class FramePattern extends InputStream {
        private final long length;
        private long position;

        FramePattern(long length) {
            this.length = length;
        }

        static byte at(long offset) {
            return (byte) ((offset >>> 20) * 31 + (offset & 0xFF));
        }

        @Override
        public int read() {
            return position < length ? at(position++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = at(position++);
            }
            return n;
        }
    }
}
