package org.rayport.dicom.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;

/**
 * Rendering compared with DCMTK's {@code dcmj2pnm}, which implements the same display pipeline independently:
 * explicit windows, the data set's window, a VOI LUT Sequence, MONOCHROME1, rescale, min-max windows, colour,
 * frame choice; and the PNG/JPEG files and their sizes.
 */
public class RenderingTest extends PeerTestSupport {

    private static Path dir;

    @BeforeClass
    public static void setUp() throws Exception {
        Peers.require("dcmj2pnm");
        dir = newDirectory("rendering");
    }

    @AfterClass
    public static void tearDown() throws Exception {
        delete(dir);
    }

    private static Attributes ct() {
        return TestImages.ctDataset(TestImages.CT, "-1024");
    }

    @Test
    public void explicitWindowInHounsfieldUnitsMatchesDcmtk() throws Exception {
        assertClose("window 40/400", ct(), Rendering.defaults().withWindow(40, 400), 1, "+Ww", "40", "400");
        assertClose("window 300/1500", ct(), Rendering.defaults().withWindow(300, 1500), 1, "+Ww", "300", "1500");
    }

    @Test
    public void theDataSetsWindowIsUsedWhenNoneIsGiven() throws Exception {
        Attributes windowed = ct().toBuilder().setString(Tag.named("WindowCenter"), "500\\40")
                .setString(Tag.named("WindowWidth"), "800\\400").build();
        assertClose("data set window", windowed, Rendering.defaults(), 1, "+Wi", "1");
    }

    @Test
    public void monochrome1IsInverted() throws Exception {
        Attributes inverted = ct().toBuilder().setString(Tags.PHOTOMETRIC_INTERPRETATION, "MONOCHROME1").build();
        BufferedImage mono1 = assertClose("MONOCHROME1", inverted, Rendering.defaults().withWindow(100, 1000), 1,
                "+Ww", "100", "1000");
        BufferedImage mono2 = Rendering.defaults().withWindow(100, 1000).render(ct(),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertEquals(255 - (mono2.getRaster().getSample(10, 10, 0)), mono1.getRaster().getSample(10, 10, 0));
    }

    @Test
    public void withoutAnyWindowTheFramesRangeIsShownLikeDcmtksMinMaxWindow() throws Exception {
        assertClose("min-max", ct(), Rendering.defaults(), 1, "+Wm");
    }

    @Test
    public void rescaleSlopeAndSignedPixelsGoThroughTheModalityTransform() throws Exception {
        TestImages.Spec signed = new TestImages.Spec("ct", 512, 512, 1, 16, 12, true, 1);
        Attributes scaled = TestImages.ctDataset(signed, "-20").toBuilder()
                .setString(Tag.named("RescaleSlope"), "0.5").build();
        assertClose("slope 0.5, signed", scaled, Rendering.defaults().withWindow(-100, 700), 1, "+Ww", "-100", "700");
    }

    @Test
    public void aVoiLutSequenceIsAppliedWhenTheDataSetHasNoWindow() throws Exception {
        int entries = 4096;
        byte[] lut = new byte[2 * entries];
        for (int i = 0; i < entries; i++) {
            int v = (int) Math.round(65535 * Math.pow(i / (entries - 1.0), 0.6));
            lut[2 * i] = (byte) v;
            lut[2 * i + 1] = (byte) (v >> 8);
        }
        Attributes item = Attributes.builder().setInt(Tag.of(0x0028, 0x3002), Vr.US, entries, 0, 16)
                .setBytes(Tag.of(0x0028, 0x3006), Vr.OW, lut).build();
        // The LUT maps stored values directly: no rescale in front of it.
        Attributes withLut = TestImages.ctDataset(TestImages.CT, "0").toBuilder()
                .setSequence(Tag.of(0x0028, 0x3010), item).build();
        assertClose("VOI LUT", withLut, Rendering.defaults(), 1, "+Wl", "1");
    }

    @Test
    public void colourKeepsItsColours() throws Exception {
        Attributes rgb = TestImages.dataset(TestImages.RGB);
        assertClose("RGB", rgb, Rendering.defaults(), 0);
    }

    @Test
    public void aChosenFrameOfAMultiFrameImage() throws Exception {
        Attributes frames = TestImages.dataset(TestImages.MULTIFRAME);
        assertClose("frame 4", frames, Rendering.defaults().withFrame(3).withWindow(2000, 3000), 1,
                "+F", "4", "+Ww", "2000", "3000");
        try {
            Rendering.defaults().withFrame(5).render(frames, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            fail("frame 5 of 5 (from 0) rendered");
        } catch (PixelDataException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("frame index 5"));
        }
    }

    @Test
    public void sizeIsTheLongestEdgeAndPngAndJpegFilesDecode() throws Exception {
        Attributes rgb = TestImages.dataset(TestImages.RGB);   // 320 wide, 240 high
        BufferedImage small = Rendering.defaults().withMaxSize(128).render(rgb, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertEquals(128, small.getWidth());
        assertEquals(96, small.getHeight());
        BufferedImage unchanged = Rendering.defaults().withMaxSize(1000).render(rgb,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertEquals("never enlarged", 320, unchanged.getWidth());

        Rendering thumbnail = Rendering.defaults().withMaxSize(100).withWindow(40, 400);
        BufferedImage rendered = thumbnail.render(ct(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        thumbnail.write(ct(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, png);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
        assertEquals(100, decoded.getWidth());
        assertEquals(100, decoded.getHeight());
        assertEquals("PNG is lossless", 0, maxDifference(rendered, decoded));

        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        thumbnail.withFormat(Rendering.Format.JPEG).write(ct(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, jpeg);
        byte[] bytes = jpeg.toByteArray();
        assertEquals("JPEG SOI", 0xFFD8, (bytes[0] & 0xFF) << 8 | bytes[1] & 0xFF);
        BufferedImage fromJpeg = ImageIO.read(new ByteArrayInputStream(bytes));
        assertEquals(100, fromJpeg.getWidth());
        assertTrue("JPEG close to the picture", maxDifference(rendered, fromJpeg) < 40);
    }

    @Test
    public void jpegQualityTradesBytesForFidelity() throws Exception {
        Rendering window = Rendering.defaults().withWindow(40, 400).withFormat(Rendering.Format.JPEG);
        BufferedImage rendered = window.render(ct(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        ByteArrayOutputStream rough = new ByteArrayOutputStream();
        window.withQuality(0.1f).write(ct(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, rough);
        ByteArrayOutputStream fine = new ByteArrayOutputStream();
        window.withQuality(0.98f).write(ct(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, fine);
        assertTrue("quality 0.1 gives fewer bytes than 0.98: " + rough.size() + " vs " + fine.size(),
                rough.size() < fine.size());
        double roughError = meanDifference(rendered, ImageIO.read(new ByteArrayInputStream(rough.toByteArray())));
        double fineError = meanDifference(rendered, ImageIO.read(new ByteArrayInputStream(fine.toByteArray())));
        assertTrue("quality 0.98 is closer to the picture: " + fineError + " vs " + roughError,
                fineError < roughError);
        try {
            window.withQuality(1.5f);
            fail("quality above 1 accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("0..1"));
        }
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                sum += Math.abs((a.getRGB(x, y) & 0xFF) - (b.getRGB(x, y) & 0xFF));
            }
        }
        return (double) sum / (a.getWidth() * a.getHeight());
    }

    @Test
    public void compressedSourcesRenderLikeTheirOriginal() throws Exception {
        Attributes lossless = Transcoder.to(TransferSyntax.JPEG_LOSSLESS_SV1).transcode(ct(),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Rendering window = Rendering.defaults().withWindow(40, 400);
        assertEquals(0, maxDifference(window.render(ct(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                window.render(lossless, TransferSyntax.JPEG_LOSSLESS_SV1)));
    }

    @Test
    public void imagesWithoutPixelDataOrWithPaletteColourAreRefusedByName() throws Exception {
        Attributes noPixels = ct().toBuilder().remove(Tags.PIXEL_DATA).build();
        try {
            Rendering.defaults().render(noPixels, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            fail("rendered without pixel data");
        } catch (PixelDataException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("Pixel Data"));
        }
        Attributes palette = TestImages.dataset(TestImages.MONO8).toBuilder()
                .setString(Tags.PHOTOMETRIC_INTERPRETATION, "PALETTE COLOR").build();
        try {
            Rendering.defaults().render(palette, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            fail("rendered palette colour");
        } catch (PixelDataException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("PALETTE COLOR"));
        }
    }

    /** Renders with Rayport and with dcmj2pnm and {@code options}; fails if any sample differs by more than allowed. */
    private static BufferedImage assertClose(String what, Attributes dataset, Rendering rendering, int allowed,
                                             String... options) throws Exception {
        Path file = Files.createTempFile(dir, "render", ".dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(dataset, file);
        Path pnm = Files.createTempFile(dir, "dcmtk", ".pnm");
        List<String> command = new ArrayList<>(List.of("dcmj2pnm", "+op"));
        command.addAll(List.of(options));
        command.add(file.toString());
        command.add(pnm.toString());
        Peers.ok(dir, command.toArray(String[]::new));
        BufferedImage dcmtk = readPnm(pnm);
        BufferedImage rayport = rendering.render(dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        int difference = maxDifference(dcmtk, rayport);
        assertTrue(what + ": Rayport differs from dcmj2pnm by " + difference, difference <= allowed);
        return rayport;
    }

    private static int maxDifference(BufferedImage a, BufferedImage b) {
        assertEquals("width", a.getWidth(), b.getWidth());
        assertEquals("height", a.getHeight(), b.getHeight());
        int max = 0;
        int bands = a.getRaster().getNumBands();
        assertEquals("bands", bands, b.getRaster().getNumBands());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                for (int band = 0; band < bands; band++) {
                    // Raster samples, not getRGB: that would convert grey through a gamma curve.
                    max = Math.max(max, Math.abs(a.getRaster().getSample(x, y, band)
                            - b.getRaster().getSample(x, y, band)));
                }
            }
        }
        return max;
    }

    /** A binary PGM (P5) or PPM (P6) of 8-bit samples, as dcmj2pnm +op writes it. */
    private static BufferedImage readPnm(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int[] position = {0};
        String magic = token(b, position);
        int width = Integer.parseInt(token(b, position));
        int height = Integer.parseInt(token(b, position));
        int max = Integer.parseInt(token(b, position));
        assertEquals("8-bit PNM", 255, max);
        int offset = position[0] + 1;
        boolean colour = magic.equals("P6");
        assertTrue(magic, colour || magic.equals("P5"));
        BufferedImage image = new BufferedImage(width, height,
                colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (colour) {
                    int i = offset + 3 * (y * width + x);
                    image.setRGB(x, y, (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | b[i + 2] & 0xFF);
                } else {
                    image.getRaster().setSample(x, y, 0, b[offset + y * width + x] & 0xFF);
                }
            }
        }
        return image;
    }

    private static String token(byte[] b, int[] position) {
        int i = position[0];
        while (Character.isWhitespace(b[i]) || b[i] == '#') {
            if (b[i] == '#') {
                while (b[i] != '\n') {
                    i++;
                }
            }
            i++;
        }
        int start = i;
        while (!Character.isWhitespace(b[i])) {
            i++;
        }
        position[0] = i;
        return new String(b, start, i - start, StandardCharsets.US_ASCII);
    }
}
