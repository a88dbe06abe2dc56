package org.rayport.dicom.codec.capture;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.Before;
import org.junit.Test;
import org.rayport.testing.SamplePdf;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.testing.Peers;

/**
 * Each kind of file a folder pool takes, converted and judged by dicom3tools' dciodvfy (no errors against the IOD)
 * and DCMTK (dcmdump reads it; dcmj2pnm renders the same pixels as the source image).
 */
public class ImageToDicomTest {

    private Path work;

    @Before
    public void setUp() throws IOException {
        work = Files.createTempDirectory("image-to-dicom-");
        Peers.require("dciodvfy", "dcmdump", "dcmj2pnm");
    }

    private static Attributes context() {
        return Attributes.builder()
                .setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
                .setString(Tags.PATIENT_NAME, Vr.PN, "Müller^Jörg")
                .setString(Tags.PATIENT_ID, Vr.LO, "FOLDER-1")
                .setString(Tags.PATIENT_BIRTH_DATE, Vr.DA)
                .setString(Tags.PATIENT_SEX, Vr.CS)
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, ImageToDicom.newUid())
                .setString(Tags.STUDY_DATE, Vr.DA, "20250301")
                .setString(Tags.STUDY_TIME, Vr.TM, "120000")
                .setString(org.rayport.dicom.data.Tag.named("ReferringPhysicianName"), Vr.PN)
                .setString(Tags.STUDY_ID, Vr.SH, "1")
                .setString(Tags.ACCESSION_NUMBER, Vr.SH)
                .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, ImageToDicom.newUid())
                .setInt(Tags.SERIES_NUMBER, Vr.IS, 1)
                .build();
    }

    /** Converts, then asserts dciodvfy reports no error and dcmdump reads the file; returns it. */
    private DicomFile convert(Path source, ImageToDicom.Kind expectedKind) throws Exception {
        assertEquals(expectedKind, ImageToDicom.detect(source).orElseThrow());
        Path target = work.resolve(source.getFileName() + ".dcm");
        ImageToDicom.convert(source, expectedKind, context(), 1, target);
        Peers.Result verified = Peers.run(work.resolve("dciodvfy.out"), List.of("dciodvfy", target.toString()));
        List<String> errors = verified.output().lines().filter(l -> l.startsWith("Error")).toList();
        assertTrue(source.getFileName() + ": " + verified.output(), errors.isEmpty());
        Peers.Result dumped = Peers.run(work.resolve("dcmdump.out"), List.of("dcmdump", target.toString()));
        assertEquals(dumped.output(), 0, dumped.exitCode());
        assertTrue(dumped.output(), dumped.output().contains("FOLDER-1"));
        return Part10Reader.read(target);
    }

    /** dcmj2pnm's rendering of the converted file, as an image. */
    private BufferedImage rendered(Path source) throws Exception {
        Path dicom = work.resolve(source.getFileName() + ".dcm");
        Path png = work.resolve(source.getFileName() + ".rendered.png");
        Peers.Result result = Peers.run(work.resolve("dcmj2pnm.out"),
                List.of("dcmj2pnm", "+on", dicom.toString(), png.toString()));
        assertEquals(result.output(), 0, result.exitCode());
        return ImageIO.read(png.toFile());
    }

    private static BufferedImage colours(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | ((x + y) * 3 & 0xFF));
            }
        }
        return image;
    }

    private static BufferedImage greys(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 5 + y * 3) & 0xFF);
            }
        }
        return image;
    }

    private static void assertSamePixels(String what, BufferedImage expected, BufferedImage actual, int tolerance) {
        assertEquals(what + " width", expected.getWidth(), actual.getWidth());
        assertEquals(what + " height", expected.getHeight(), actual.getHeight());
        int worst = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int a = expected.getRGB(x, y);
                int b = actual.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    worst = Math.max(worst, Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF)));
                }
            }
        }
        assertTrue(what + ": largest difference " + worst, worst <= tolerance);
    }

    @Test(timeout = 60_000)
    public void losslessFormatsBecomeUncompressedSecondaryCaptureWithTheSamePixels() throws Exception {
        BufferedImage colour = colours(33, 21);
        for (String format : List.of("png", "bmp", "tiff", "tga")) {
            Path source = work.resolve("colour." + format);
            assertTrue(format + " writer", ImageIO.write(colour, format, source.toFile()));
            DicomFile file = convert(source, format.equals("tga") ? ImageToDicom.Kind.TGA : ImageToDicom.Kind.IMAGE);
            assertEquals(Uids.SECONDARY_CAPTURE_IMAGE_STORAGE, file.dataset().getString(Tags.SOP_CLASS_UID));
            assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, file.transferSyntax());
            assertEquals("RGB", file.dataset().getString(Tags.PHOTOMETRIC_INTERPRETATION));
            assertSamePixels(format, colour, rendered(source), 0);
        }
        BufferedImage grey = greys(17, 9);
        for (String format : List.of("png", "gif")) {
            Path source = work.resolve("grey." + format);
            assertTrue(format + " writer", ImageIO.write(grey, format, source.toFile()));
            DicomFile file = convert(source, ImageToDicom.Kind.IMAGE);
            assertEquals(format, "MONOCHROME2", file.dataset().getString(Tags.PHOTOMETRIC_INTERPRETATION));
            assertEquals(format, 1, file.dataset().getInt(Tags.SAMPLES_PER_PIXEL, 0));
            assertSamePixels(format, grey, rendered(source), 0);
        }
    }

    @Test(timeout = 60_000)
    public void aTgaWrittenByHandIsReadBottomUp() throws Exception {
        // 4 x 3, uncompressed true colour, 24 bits, origin bottom left: the bottom row first, each pixel B, G, R.
        int width = 4;
        int height = 3;
        byte[] file = new byte[18 + width * height * 3];
        byte[] header = {0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) width, 0, (byte) height, 0, 24, 0};
        System.arraycopy(header, 0, file, 0, header.length);
        for (int stored = 0; stored < height; stored++) {
            int y = height - 1 - stored;
            for (int x = 0; x < width; x++) {
                int at = 18 + (stored * width + x) * 3;
                file[at] = (byte) (x * 60);          // blue
                file[at + 1] = (byte) (y * 100);     // green
                file[at + 2] = (byte) 200;           // red
            }
        }
        Path source = work.resolve("hand.tga");
        Files.write(source, file);
        convert(source, ImageToDicom.Kind.TGA);
        BufferedImage image = rendered(source);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                assertEquals("pixel " + x + "," + y, 200 << 16 | (y * 100) << 8 | x * 60, image.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test(timeout = 60_000)
    public void aJpegIsKeptAsItIsInBaselineFragments() throws Exception {
        Path colour = work.resolve("photo.jpg");
        ImageIO.write(colours(64, 48), "jpg", colour.toFile());
        DicomFile file = convert(colour, ImageToDicom.Kind.JPEG);
        assertEquals(TransferSyntax.JPEG_BASELINE, file.transferSyntax());
        assertEquals("YBR_FULL_422", file.dataset().getString(Tags.PHOTOMETRIC_INTERPRETATION));
        assertEquals("01", file.dataset().getString(org.rayport.dicom.data.Tag.named("LossyImageCompression")));
        byte[] fragment = file.dataset().getFragments(Tags.PIXEL_DATA).fragments().get(0).readAllBytes();
        byte[] original = Files.readAllBytes(colour);
        assertArrayEquals("the JPEG bytes, not a re-compression", original,
                Arrays.copyOf(fragment, original.length));
        assertSamePixels("jpeg", ImageIO.read(colour.toFile()), rendered(colour), 3);

        Path grey = work.resolve("grey.jpg");
        ImageIO.write(greys(31, 17), "jpg", grey.toFile());
        DicomFile greyFile = convert(grey, ImageToDicom.Kind.JPEG);
        assertEquals("MONOCHROME2", greyFile.dataset().getString(Tags.PHOTOMETRIC_INTERPRETATION));
        assertSamePixels("grey jpeg", ImageIO.read(grey.toFile()), rendered(grey), 3);
    }

    @Test(timeout = 60_000)
    public void aProgressiveJpegIsDecodedBecauseDicomHasNoSyntaxForIt() throws Exception {
        Path source = work.resolve("progressive.jpg");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(source.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(colours(40, 30), null, null), param);
        }
        writer.dispose();
        assertEquals(0xC2, ImageToDicom.jpegFrame(source).marker());
        DicomFile file = convert(source, ImageToDicom.Kind.JPEG);
        assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, file.transferSyntax());
        assertSamePixels("progressive", ImageIO.read(source.toFile()), rendered(source), 0);
    }

    @Test(timeout = 60_000)
    public void aPdfBecomesAnEncapsulatedPdfWithItsBytes() throws Exception {
        Path source = work.resolve("report.pdf");
        Files.write(source, SamplePdf.onePage("Befund"));
        DicomFile file = convert(source, ImageToDicom.Kind.PDF);
        assertEquals(Uids.ENCAPSULATED_PDF_STORAGE, file.dataset().getString(Tags.SOP_CLASS_UID));
        assertEquals("DOC", file.dataset().getString(Tags.MODALITY));
        Path extracted = work.resolve("extracted.pdf");
        Peers.Result result = Peers.run(work.resolve("dcm2pdf.out"), List.of("dcm2pdf",
                work.resolve("report.pdf.dcm").toString(), extracted.toString()));
        assertEquals(result.output(), 0, result.exitCode());
        byte[] original = Files.readAllBytes(source);
        byte[] back = Files.readAllBytes(extracted);
        assertArrayEquals(original, Arrays.copyOf(back, original.length));
        assertTrue("at most the one pad byte", back.length - original.length <= 1);
    }

    @Test
    public void brokenJpegsAreNamedWithTheirOffset() throws Exception {
        Path truncated = work.resolve("truncated.jpg");
        Files.write(truncated, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x7F, 0x00, 1, 2});
        try {
            ImageToDicom.convert(truncated, ImageToDicom.Kind.JPEG, context(), 1, work.resolve("t.dcm"));
            fail("a truncated JPEG converted");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("truncated.jpg at byte offset 2"));
        }
        Path noFrame = work.resolve("noframe.jpg");
        Files.write(noFrame, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        try {
            ImageToDicom.jpegFrame(noFrame);
            fail("a JPEG without a frame header");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("without a frame header"));
        }
        Path garbage = work.resolve("notes.txt");
        Files.writeString(garbage, "not an image");
        assertTrue(ImageToDicom.detect(garbage).isEmpty());
    }
}
