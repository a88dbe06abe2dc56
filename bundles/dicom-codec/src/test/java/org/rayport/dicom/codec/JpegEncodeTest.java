package org.rayport.dicom.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;

/** JPEG written by Rayport, decoded by DCMTK and gdcm, checked by dciodvfy. */
public class JpegEncodeTest extends PeerTestSupport {

    private static final List<TestImages.Spec> IMAGES = List.of(TestImages.CT, TestImages.MONO8, TestImages.RGB,
            TestImages.SIGNED, TestImages.MULTIFRAME);
    private static Path dir;

    @BeforeClass
    public static void setUp() throws Exception {
        Peers.require("dcmdjpeg", "gdcmconv", "gdcminfo", "dciodvfy");
        dir = newDirectory("jpeg-encode");
        for (TestImages.Spec s : IMAGES) {
            TestImages.write(s, dir);
        }
    }

    @AfterClass
    public static void tearDown() throws Exception {
        delete(dir);
    }

    private static Path encode(TestImages.Spec s, TransferSyntax target, String suffix) throws Exception {
        Path original = dir.resolve(s.name() + ".dcm");
        Path out = dir.resolve(s.name() + "-rayport-" + suffix + ".dcm");
        DicomFile read = Part10Reader.read(original);
        Transcoder.to(target).write(read.dataset(), read.transferSyntax(), out);
        assertEquals(target, Part10Reader.read(out).transferSyntax());
        return out;
    }

    @Test(timeout = 60_000)
    public void losslessSv1IsDecodedExactlyByDcmtkAndGdcm() throws Exception {
        for (TestImages.Spec s : IMAGES) {
            Path original = dir.resolve(s.name() + ".dcm");
            Path jpeg = encode(s, TransferSyntax.JPEG_LOSSLESS_SV1, "sv1");
            assertEquals(s.name() + ": gdcm's pixel checksum", Peers.pixelMd5(dir, original), Peers.pixelMd5(dir, jpeg));
            Peers.ok(dir, "dcmdjpeg", jpeg.getFileName().toString(), s.name() + "-sv1-dcmdjpeg.dcm");
            assertSamePixels(s.name() + " decoded by dcmdjpeg", TestImages.pixels(s),
                    nativePixels(dir.resolve(s.name() + "-sv1-dcmdjpeg.dcm")));
            assertSamePixels(s.name() + " decoded by Rayport", TestImages.pixels(s), decodeAll(jpeg));
            assertNoNewValidationErrors(dir, original, jpeg);
            System.out.printf("JPEG lossless SV1 %s: %d -> %d bytes%n", s.name(), original.toFile().length(),
                    jpeg.toFile().length());
        }
    }

    @Test(timeout = 60_000)
    public void baselineIsCloseToTheOriginalAfterDcmdjpeg() throws Exception {
        for (TestImages.Spec s : List.of(TestImages.MONO8, TestImages.RGB)) {
            Path original = dir.resolve(s.name() + ".dcm");
            Path jpeg = encode(s, TransferSyntax.JPEG_BASELINE, "baseline");
            Attributes ds = Part10Reader.read(jpeg).dataset();
            assertEquals("01", ds.getString(Tag.named("LossyImageCompression")));
            assertEquals("ISO_10918_1", ds.getString(Tag.named("LossyImageCompressionMethod")));
            assertTrue(ds.getDouble(Tag.named("LossyImageCompressionRatio"), 0) > 2);
            assertEquals(s.samples() == 3 ? "YBR_FULL_422" : "MONOCHROME2",
                    ds.getString(org.rayport.dicom.data.Tags.PHOTOMETRIC_INTERPRETATION));
            Peers.ok(dir, "dcmdjpeg", jpeg.getFileName().toString(), s.name() + "-baseline-dcmdjpeg.dcm");
            byte[] decoded = nativePixels(dir.resolve(s.name() + "-baseline-dcmdjpeg.dcm"));
            double psnr = psnr(TestImages.pixels(s), decoded, s.description());
            System.out.printf("JPEG baseline %s by Rayport: ratio %s, PSNR after dcmdjpeg %.1f dB%n", s.name(),
                    ds.getString(Tag.named("LossyImageCompressionRatio")), psnr);
            assertTrue(s.name() + ": PSNR " + psnr, psnr > 30);
            int max = maxDifference(decoded, decodeAll(jpeg), s.description());
            assertTrue(s.name() + ": Rayport's decoding differs from dcmdjpeg's by " + max, max <= 1);
            assertNoNewValidationErrors(dir, original, jpeg);
        }
    }

    @Test(timeout = 60_000)
    public void lossyRefusesWhatItCannotEncode() throws Exception {
        Attributes ct = TestImages.dataset(TestImages.CT);
        try {
            Transcoder.to(TransferSyntax.JPEG_BASELINE).transcode(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            throw new AssertionError("12-bit data was encoded as 8-bit JPEG baseline");
        } catch (PixelDataException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("at most 8 bits"));
        }
    }
}
