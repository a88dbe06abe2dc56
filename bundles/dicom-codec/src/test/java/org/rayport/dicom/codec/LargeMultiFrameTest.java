package org.rayport.dicom.codec;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;

/**
 * A multi-frame image larger than the test JVM's heap (-Xmx128m, see the pom) is transcoded to RLE and back, file
 * to file: it only works if frames are produced one at a time.
 */
public class LargeMultiFrameTest extends PeerTestSupport {

    private static final int FRAMES = 300;
    private static final int SIZE = 512;

    private static byte[] frame(int index) {
        byte[] b = new byte[SIZE * SIZE * 2];
        for (int i = 0; i < SIZE * SIZE; i++) {
            int x = i % SIZE;
            int y = i / SIZE;
            int v = ((x + index) * (y + 1) / 64 + (x * 31 + y * 17 + index) % 7) & 0xFFF;
            b[2 * i] = (byte) v;
            b[2 * i + 1] = (byte) (v >> 8);
        }
        return b;
    }

    @Test(timeout = 300_000)
    public void transcodesFrameByFrame() throws Exception {
        assertTrue("this test needs a heap smaller than the image", Runtime.getRuntime().maxMemory() < 160L << 20);
        Path dir = newDirectory("large");
        try {
            long frameLength = SIZE * SIZE * 2L;
            BulkData generated = BulkData.of(frameLength * FRAMES, () -> new InputStream() {
                private int frameIndex = -1;
                private byte[] current = new byte[0];
                private int position;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (position == current.length) {
                        if (frameIndex + 1 == FRAMES) {
                            return -1;
                        }
                        current = frame(++frameIndex);
                        position = 0;
                    }
                    int n = Math.min(len, current.length - position);
                    System.arraycopy(current, position, b, off, n);
                    position += n;
                    return n;
                }
            });
            Attributes.Builder b = TestImages.dataset(TestImages.MULTIFRAME).toBuilder();
            new ImagePixelDescription(SIZE, SIZE, 1, 16, 12, 11, 0, "MONOCHROME2", 0, FRAMES).applyTo(b);
            Attributes dataset = b.setBulkData(Tags.PIXEL_DATA, Vr.OW, generated).build();
            Path original = dir.resolve("large.dcm");
            Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(dataset, original);
            assertTrue(Files.size(original) > Runtime.getRuntime().maxMemory());

            DicomFile read = Part10Reader.read(original);
            Path rle = dir.resolve("large-rle.dcm");
            Transcoder.to(TransferSyntax.RLE_LOSSLESS).write(read.dataset(), read.transferSyntax(), rle);
            DicomFile compressed = Part10Reader.read(rle);
            assertEquals(FRAMES, compressed.dataset().getFragments(Tags.PIXEL_DATA).fragments().size());

            Path back = dir.resolve("large-back.dcm");
            Transcoder.to(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(compressed.dataset(),
                    compressed.transferSyntax(), back);
            PixelData pixels = PixelData.of(Part10Reader.read(back).dataset(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            for (int i : new int[] {0, 1, FRAMES / 2, FRAMES - 1}) {
                assertArrayEquals("frame " + i, frame(i), pixels.frame(i));
            }
            assertEquals(Files.size(original), Files.size(back));
        } finally {
            delete(dir);
        }
    }
}
