package org.rayport.dicom.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;

/** JPEG and JPEG 2000 written by DCMTK and gdcm, decoded by Rayport. */
public class JpegDecodeTest extends PeerTestSupport {

    private static final List<TestImages.Spec> IMAGES = List.of(TestImages.CT, TestImages.MONO8, TestImages.RGB,
            TestImages.SIGNED, TestImages.MULTIFRAME);
    private static Path dir;

    @BeforeClass
    public static void setUp() throws Exception {
        Peers.require("dcmcjpeg", "dcmdjpeg", "gdcmconv");
        dir = newDirectory("jpeg");
        for (TestImages.Spec s : IMAGES) {
            TestImages.write(s, dir);
        }
    }

    @AfterClass
    public static void tearDown() throws Exception {
        delete(dir);
    }

    private static Path compress(TestImages.Spec s, String suffix, String... command) throws Exception {
        String out = s.name() + "-" + suffix + ".dcm";
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.add(s.name() + ".dcm");
        cmd.add(out);
        Peers.ok(dir, cmd.toArray(String[]::new));
        return dir.resolve(out);
    }

    @Test(timeout = 60_000)
    public void losslessSv1FromDcmtkIsExact() throws Exception {
        for (TestImages.Spec s : IMAGES) {
            Path jpeg = compress(s, "sv1", "dcmcjpeg");
            assertEquals(TransferSyntax.JPEG_LOSSLESS_SV1, Part10Reader.read(jpeg).transferSyntax());
            assertSamePixels(s.name(), TestImages.pixels(s), decodeAll(jpeg));
        }
    }

    @Test(timeout = 60_000)
    public void losslessOtherPredictorsFromDcmtkAreExact() throws Exception {
        for (int predictor = 2; predictor <= 7; predictor++) {
            for (TestImages.Spec s : List.of(TestImages.CT, TestImages.RGB)) {
                Path jpeg = compress(s, "p" + predictor, "dcmcjpeg", "+el", "+sv", Integer.toString(predictor));
                assertEquals(TransferSyntax.JPEG_LOSSLESS, Part10Reader.read(jpeg).transferSyntax());
                assertSamePixels(s.name() + " predictor " + predictor, TestImages.pixels(s), decodeAll(jpeg));
            }
        }
    }

    @Test(timeout = 60_000)
    public void baselineFromDcmtkMatchesDcmdjpeg() throws Exception {
        for (TestImages.Spec s : List.of(TestImages.MONO8, TestImages.RGB)) {
            Path jpeg = compress(s, "eb", "dcmcjpeg", "+eb");
            assertEquals(TransferSyntax.JPEG_BASELINE, Part10Reader.read(jpeg).transferSyntax());
            Peers.ok(dir, "dcmdjpeg", jpeg.getFileName().toString(), s.name() + "-eb-dcmdjpeg.dcm");
            Path reference = dir.resolve(s.name() + "-eb-dcmdjpeg.dcm");
            DicomFile decoded = Part10Reader.read(reference);
            ImagePixelDescription d = ImagePixelDescription.of(decoded.dataset());
            DicomFile read = Part10Reader.read(jpeg);
            PixelData pixels = PixelData.of(read.dataset(), read.transferSyntax());
            assertEquals(d.photometricInterpretation(), pixels.decodedDescription().photometricInterpretation());
            int max = maxDifference(nativePixels(reference), decodeAll(jpeg), d);
            System.out.printf("JPEG baseline %s: max difference to dcmdjpeg %d%n", s.name(), max);
            // Both use IJG's integer IDCT and colour conversion; allow one level for upsampling differences.
            assertTrue(s.name() + ": max difference to dcmdjpeg " + max, max <= 1);
        }
    }

    @Test(timeout = 60_000)
    public void extended12BitFromDcmtkMatchesDcmdjpeg() throws Exception {
        for (TestImages.Spec s : List.of(TestImages.CT, TestImages.MULTIFRAME)) {
            Path jpeg = compress(s, "ee", "dcmcjpeg", "+ee");
            assertEquals(TransferSyntax.JPEG_EXTENDED, Part10Reader.read(jpeg).transferSyntax());
            Peers.ok(dir, "dcmdjpeg", jpeg.getFileName().toString(), s.name() + "-ee-dcmdjpeg.dcm");
            byte[] reference = nativePixels(dir.resolve(s.name() + "-ee-dcmdjpeg.dcm"));
            byte[] ours = decodeAll(jpeg);
            int max = maxDifference(reference, ours, s.description());
            System.out.printf("JPEG extended 12-bit %s: max difference to dcmdjpeg %d, PSNR to original %.1f dB%n",
                    s.name(), max, psnr(TestImages.pixels(s), ours, s.description()));
            // A floating point IDCT against IJG's integer one: a level or two of 4096.
            assertTrue(s.name() + ": max difference to dcmdjpeg " + max, max <= 2);
        }
    }

    @Test(timeout = 60_000)
    public void jpeg2000LosslessFromGdcmIsExact() throws Exception {
        for (TestImages.Spec s : IMAGES) {
            Path j2k = compress(s, "j2k", "gdcmconv", "-K");
            assertEquals(TransferSyntax.JPEG_2000_LOSSLESS, Part10Reader.read(j2k).transferSyntax());
            assertSamePixels(s.name(), TestImages.pixels(s), decodeAll(j2k));
        }
    }

    @Test(timeout = 60_000)
    public void jpeg2000LossyFromGdcmMatchesGdcmsDecoding() throws Exception {
        for (TestImages.Spec s : List.of(TestImages.CT, TestImages.RGB)) {
            Path j2k = compress(s, "j2kl", "gdcmconv", "-K", "--lossy", "-r", "10");
            assertEquals(TransferSyntax.JPEG_2000, Part10Reader.read(j2k).transferSyntax());
            Peers.ok(dir, "gdcmconv", "--raw", j2k.getFileName().toString(), s.name() + "-j2kl-raw.dcm");
            Path reference = dir.resolve(s.name() + "-j2kl-raw.dcm");
            ImagePixelDescription d = ImagePixelDescription.of(Part10Reader.read(reference).dataset());
            byte[] ours = decodeAll(j2k);
            int max = maxDifference(nativePixels(reference), ours, d);
            double psnr = psnr(TestImages.pixels(s), ours, d);
            System.out.printf("JPEG 2000 lossy %s: max difference to gdcm (OpenJPEG) %d, PSNR to original %.1f dB%n",
                    s.name(), max, psnr);
            // JJ2000 and OpenJPEG round the inverse wavelet differently: a level or two.
            assertTrue(s.name() + ": max difference to gdcm " + max, max <= 2);
        }
    }
}
