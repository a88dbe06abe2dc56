package org.rayport.dicom.codec;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.testing.PixelItemFiles;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.io.Part10Reader;

/**
 * {@link PixelData#encapsulatedFrame} against the fragments DCMTK wrote (read back by {@code dcmdump +W}, which
 * writes each item of the pixel sequence to a file): one fragment per frame (dcmcjpls), and several per frame with
 * a basic offset table (dcmcjpeg +fs 1).
 */
public class EncapsulatedFrameTest extends PeerTestSupport {

    private static Path dir;

    @BeforeClass
    public static void setUp() throws Exception {
        Peers.require("dcmcjpls", "dcmcjpeg", "dcmdump");
        dir = newDirectory("frames");
        TestImages.write(TestImages.MULTIFRAME, dir);
    }

    @AfterClass
    public static void tearDown() throws Exception {
        delete(dir);
    }

    @Test(timeout = 60_000)
    public void jpegLsFramesAreTheirFragments() throws Exception {
        Peers.ok(dir, "dcmcjpls", "multiframe.dcm", "jls.dcm");
        List<byte[]> items = items("jls.dcm");
        PixelData pixels = pixelData("jls.dcm");
        assertEquals("offset table and one fragment per frame", pixels.numberOfFrames() + 1, items.size());
        for (int frame = 0; frame < pixels.numberOfFrames(); frame++) {
            assertArrayEquals("frame " + frame, items.get(frame + 1), pixels.encapsulatedFrame(frame).readAllBytes());
        }
    }

    @Test(timeout = 60_000)
    public void jpegFramesOfSeveralFragmentsAreConcatenatedAsTheOffsetTableSays() throws Exception {
        Peers.ok(dir, "dcmcjpeg", "+fs", "1", "multiframe.dcm", "jpeg-fragments.dcm");
        List<byte[]> items = items("jpeg-fragments.dcm");
        PixelData pixels = pixelData("jpeg-fragments.dcm");
        assertTrue("dcmcjpeg +fs 1 split frames: " + items.size() + " items", items.size() > pixels.numberOfFrames() + 1);
        ByteBuffer table = ByteBuffer.wrap(items.get(0)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4 * pixels.numberOfFrames(), items.get(0).length);
        List<Long> itemOffsets = new ArrayList<>();
        long offset = 0;
        for (byte[] item : items.subList(1, items.size())) {
            itemOffsets.add(offset);
            offset += 8 + item.length;
        }
        itemOffsets.add(offset);
        for (int frame = 0; frame < pixels.numberOfFrames(); frame++) {
            long start = table.getInt(4 * frame) & 0xFFFFFFFFL;
            long end = frame + 1 < pixels.numberOfFrames() ? table.getInt(4 * frame + 4) & 0xFFFFFFFFL : offset;
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = itemOffsets.indexOf(start); itemOffsets.get(i) < end; i++) {
                expected.write(items.get(i + 1));
            }
            assertArrayEquals("frame " + frame, expected.toByteArray(), pixels.encapsulatedFrame(frame).readAllBytes());
        }
        assertSamePixels("frames still decode", nativePixels(dir.resolve("multiframe.dcm")),
                decodeAll(dir.resolve("jpeg-fragments.dcm")));
    }

    @Test
    public void nativePixelDataHasNoEncapsulatedFrames() throws Exception {
        PixelData pixels = pixelData("multiframe.dcm");
        assertFalse(pixels.isEncapsulated());
        try {
            pixels.encapsulatedFrame(0);
            throw new AssertionError("encapsulatedFrame of native pixel data returned");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("native"));
        }
    }

    private static PixelData pixelData(String name) throws Exception {
        DicomFile file = Part10Reader.read(dir.resolve(name));
        return PixelData.of(file.dataset(), file.transferSyntax());
    }

    /** The items of the pixel data sequence as dcmdump +W writes them out, offset table first. */
    private static List<byte[]> items(String name) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name + "-items"));
        String dump = Peers.ok(dir, "dcmdump", "+W", out.toString(), name).stdout();
        List<byte[]> items = PixelItemFiles.read(out);
        assertFalse("dcmdump +W wrote no pixel items:\n" + dump, items.isEmpty());
        return items;
    }
}
