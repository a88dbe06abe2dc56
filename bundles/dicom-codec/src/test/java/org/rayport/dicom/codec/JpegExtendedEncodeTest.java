package org.rayport.dicom.codec;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;

/**
 * 12-bit lossy JPEG (extended, process 4) written by Rayport, and signed pixels in lossy JPEG: decoded by DCMTK
 * ({@code dcmdjpeg}) and gdcm ({@code gdcmconv --raw}), compared with the original and with {@code dcmcjpeg +ee},
 * checked by {@code dciodvfy}.
 */
public class JpegExtendedEncodeTest extends PeerTestSupport {

    private static final TestImages.Spec SIGNED_CT = new TestImages.Spec("ct", 512, 512, 1, 16, 12, true, 1);
    /** 10 bits stored, a size that is no multiple of 8, two frames. */
    private static final TestImages.Spec ODD = new TestImages.Spec("odd10", 75, 101, 1, 16, 10, false, 2);
    private static final TestImages.Spec SIGNED_MONO8 = new TestImages.Spec("mono8", 256, 320, 1, 8, 8, true, 1);
    /** Lowest PSNR (dB, against the original) accepted at quality 0.9: IJG gives about 50 dB on these images. */
    private static final double PSNR_FLOOR = 40;
    private static Path dir;

    @BeforeClass
    public static void setUp() throws Exception {
        Peers.require("dcmcjpeg", "dcmdjpeg", "gdcmconv", "dciodvfy");
        dir = newDirectory("jpeg-extended");
    }

    @AfterClass
    public static void tearDown() throws Exception {
        delete(dir);
    }

    @Test(timeout = 120_000)
    public void unsignedCtIsDecodedByDcmtkAndGdcmCloseToTheOriginal() throws Exception {
        Path original = TestImages.writeCt(TestImages.CT, "-1024", dir);
        Path jpeg = encodeExtendedAndCheck(original, TestImages.CT);
        Attributes ds = Part10Reader.read(jpeg).dataset();
        assertEquals(0, ds.getInt(Tags.PIXEL_REPRESENTATION, -1));
        assertEquals("unsigned input keeps its intercept", "-1024", ds.getString(Tag.named("RescaleIntercept")));
        compareWithDcmtk(original, jpeg, "unsigned CT");
    }

    @Test(timeout = 120_000)
    public void signedCtIsStoredUnsignedWithTheSameModalityValues() throws Exception {
        Path unsigned = TestImages.writeCt(TestImages.CT, "-1024", dir);
        Path signed = TestImages.writeCt(SIGNED_CT, "0", dir);
        Path jpeg = encodeExtendedAndCheck(signed, SIGNED_CT);
        Attributes ds = Part10Reader.read(jpeg).dataset();
        assertEquals("Pixel Representation", 0, ds.getInt(Tags.PIXEL_REPRESENTATION, -1));
        assertEquals("intercept - 2^11 x slope", "-2048", ds.getString(Tag.named("RescaleIntercept")));
        assertEquals("1", ds.getString(Tag.named("RescaleSlope")));
        // The signed pixels are the unsigned ones minus 2048: after the shift, the JPEG stream is the same.
        Path unsignedJpeg = encode(unsigned, TransferSyntax.JPEG_EXTENDED, "-again");
        assertArrayEquals("JPEG of the signed CT equals that of the same unsigned CT",
                firstFragment(unsignedJpeg), firstFragment(jpeg));

        double[] before = modalityValues(signed);
        Path byDcmtk = decodeWith(jpeg, "dcmdjpeg");
        Path byGdcm = decodeWith(jpeg, "gdcmconv", "--raw");
        for (Path decoded : List.of(byDcmtk, byGdcm)) {
            double[] after = modalityValues(decoded);
            double psnr = psnr(before, after, 4095);
            double max = maxDifference(before, after);
            System.out.printf("signed CT by Rayport, %s: HU max difference %.0f, PSNR %.1f dB%n",
                    decoded.getFileName(), max, psnr);
            assertTrue(decoded.getFileName() + ": PSNR of HU " + psnr, psnr > PSNR_FLOOR);
        }
        compareWithDcmtk(signed, jpeg, "signed CT");
    }

    @Test(timeout = 120_000)
    public void oddSizedMultiFrameTenBitImageRoundTrips() throws Exception {
        Path original = TestImages.write(ODD, dir);
        Path jpeg = encodeExtendedAndCheck(original, ODD);
        assertNoNewValidationErrors(dir, original, jpeg);
    }

    @Test(timeout = 120_000)
    public void signedEightBitBaselineIsStoredUnsignedWithTheSameModalityValues() throws Exception {
        Path unsigned = TestImages.write(TestImages.MONO8, dir);
        Path signed = dir.resolve("mono8-signed.dcm");
        Attributes signedDataset = TestImages.dataset(SIGNED_MONO8).toBuilder()
                .setInt(Tag.named("SmallestImagePixelValue"), Vr.SS, -128)
                .setInt(Tag.named("LargestImagePixelValue"), Vr.SS, 127).build();
        org.rayport.dicom.data.io.Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(signedDataset, signed);
        Path jpeg = encode(signed, TransferSyntax.JPEG_BASELINE, "");
        Attributes ds = Part10Reader.read(jpeg).dataset();
        assertEquals(0, ds.getInt(Tags.PIXEL_REPRESENTATION, -1));
        assertEquals("-128", ds.getString(Tag.named("RescaleIntercept")));
        assertEquals("stored-value attributes move with the pixels", Vr.US,
                ds.element(Tag.named("SmallestImagePixelValue")).orElseThrow().vr());
        assertArrayEquals(new int[] {0}, ds.getInts(Tag.named("SmallestImagePixelValue")));
        assertArrayEquals(new int[] {255}, ds.getInts(Tag.named("LargestImagePixelValue")));
        Attributes inMemory = Transcoder.to(TransferSyntax.JPEG_BASELINE).withQuality(0.9f)
                .transcode(signedDataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertEquals("transcode() adjusts like write()", "-128", inMemory.getString(Tag.named("RescaleIntercept")));
        assertEquals(0, inMemory.getInt(Tags.PIXEL_REPRESENTATION, -1));
        assertEquals("a secondary capture needs a Rescale Type with the intercept", "US",
                ds.getString(Tag.named("RescaleType")));
        assertEquals("01", ds.getString(Tag.named("LossyImageCompression")));
        assertArrayEquals("JPEG of the signed image equals that of the same unsigned one",
                firstFragment(encode(unsigned, TransferSyntax.JPEG_BASELINE, "")), firstFragment(jpeg));
        double[] before = modalityValues(signed);
        double[] after = modalityValues(decodeWith(jpeg, "dcmdjpeg"));
        double psnr = psnr(before, after, 255);
        System.out.printf("signed 8-bit by Rayport, dcmdjpeg: max difference %.0f, PSNR %.1f dB%n",
                maxDifference(before, after), psnr);
        assertTrue("PSNR " + psnr, psnr > 30);
        assertNoNewValidationErrors(dir, signed, jpeg);
    }

    @Test(timeout = 120_000)
    public void lowQualityWritesSixteenBitQuantizationTablesThatPeersRead() throws Exception {
        Path original = TestImages.writeCt(TestImages.CT, "-1024", dir);
        Path jpeg = encode(original, TransferSyntax.JPEG_EXTENDED, "-q5", 0.05f);
        byte[] stream = firstFragment(jpeg);
        int dqt = indexOfMarker(stream, 0xDB);
        assertTrue("a DQT segment", dqt > 0);
        assertEquals("Pq = 1: table entries of 16 bits (quality 5 scales 121 to 1210)", 1, (stream[dqt + 4] & 0xF0) >> 4);
        Path byDcmtk = decodeWith(jpeg, "dcmdjpeg");
        ImagePixelDescription d = ImagePixelDescription.of(Part10Reader.read(byDcmtk).dataset());
        byte[] dcmtkPixels = nativePixels(byDcmtk);
        int gdcm = maxDifference(dcmtkPixels, nativePixels(decodeWith(jpeg, "gdcmconv", "--raw")), d);
        int rayport = maxDifference(dcmtkPixels, decodeAll(jpeg), d);
        double psnr = psnr(modalityValues(original), modalityValues(byDcmtk), 4095);
        System.out.printf("JPEG extended ct at quality 0.05: %d bytes, PSNR after dcmdjpeg %.1f dB, max difference"
                + " gdcm-dcmdjpeg %d, Rayport's decoder-dcmdjpeg %d%n", jpeg.toFile().length(), psnr, gdcm, rayport);
        assertTrue("gdcm and dcmdjpeg differ by " + gdcm, gdcm <= 1);
        assertTrue("Rayport's decoder and dcmdjpeg differ by " + rayport, rayport <= 1);
        assertTrue("coarse, but still the image: PSNR " + psnr, psnr > 25);
    }

    @Test(timeout = 60_000)
    public void moreThanTwelveBitsAreRefusedClearly() throws Exception {
        try {
            Transcoder.to(TransferSyntax.JPEG_EXTENDED).transcode(TestImages.dataset(TestImages.SIGNED),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            throw new AssertionError("16-bit data was encoded as 12-bit JPEG");
        } catch (PixelDataException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("at most 12 bits"));
        }
    }

    /**
     * Encodes {@code original} to JPEG extended at quality 0.9 and checks what every such output must satisfy:
     * SOF1 with 12-bit precision, Lossy Image Compression attributes, dcmdjpeg and gdcm decode it to the same pixels
     * and close to the original, Rayport's own decoder within one level of dcmdjpeg, no new dciodvfy errors.
     */
    private static Path encodeExtendedAndCheck(Path original, TestImages.Spec s) throws Exception {
        Path jpeg = encode(original, TransferSyntax.JPEG_EXTENDED, "");
        byte[] stream = firstFragment(jpeg);
        int sof = indexOfMarker(stream, 0xC1);
        assertTrue(s.name() + ": the stream has an SOF1 marker", sof > 0);
        assertEquals(s.name() + ": sample precision", 12, stream[sof + 4] & 0xFF);
        Attributes ds = Part10Reader.read(jpeg).dataset();
        assertEquals("01", ds.getString(Tag.named("LossyImageCompression")));
        assertEquals("ISO_10918_1", ds.getString(Tag.named("LossyImageCompressionMethod")));
        double ratio = ds.getDouble(Tag.named("LossyImageCompressionRatio"), 0);
        assertTrue(s.name() + ": ratio " + ratio, ratio > 1.5);
        assertEquals(s.bitsStored(), ds.getInt(Tags.BITS_STORED, -1));

        Path byDcmtk = decodeWith(jpeg, "dcmdjpeg");
        Path byGdcm = decodeWith(jpeg, "gdcmconv", "--raw");
        ImagePixelDescription decoded = ImagePixelDescription.of(Part10Reader.read(byDcmtk).dataset());
        assertEquals(0, decoded.pixelRepresentation());
        byte[] dcmtkPixels = nativePixels(byDcmtk);
        int gdcmToDcmtk = maxDifference(dcmtkPixels, nativePixels(byGdcm), decoded);
        int rayportToDcmtk = maxDifference(dcmtkPixels, decodeAll(jpeg), decoded);
        double[] before = modalityValues(original);
        double psnr = psnr(before, modalityValues(byDcmtk), (1 << s.bitsStored()) - 1);
        System.out.printf("JPEG extended %s by Rayport: ratio %.2f, PSNR after dcmdjpeg %.1f dB, max difference"
                + " gdcm-dcmdjpeg %d, Rayport's decoder-dcmdjpeg %d%n", s.name() + (s.signed() ? " signed" : ""),
                ratio, psnr, gdcmToDcmtk, rayportToDcmtk);
        assertTrue(s.name() + ": PSNR " + psnr, psnr > PSNR_FLOOR);
        assertTrue(s.name() + ": gdcm and dcmdjpeg differ by " + gdcmToDcmtk, gdcmToDcmtk <= 1);
        assertTrue(s.name() + ": Rayport's decoder and dcmdjpeg differ by " + rayportToDcmtk, rayportToDcmtk <= 1);
        assertNoNewValidationErrors(dir, original, jpeg);
        return jpeg;
    }

    /** Figures of dcmcjpeg +ee at the same quality beside Rayport's: ratio and PSNR of modality values. */
    private static void compareWithDcmtk(Path original, Path rayport, String what) throws Exception {
        String name = original.getFileName().toString().replace(".dcm", "-dcmcjpeg-ee.dcm");
        Peers.ok(dir, "dcmcjpeg", "+ee", "+q", "90", original.getFileName().toString(), name);
        Path dcmtk = dir.resolve(name);
        Attributes theirs = Part10Reader.read(dcmtk).dataset();
        Attributes ours = Part10Reader.read(rayport).dataset();
        double[] before = modalityValues(original);
        double[] viaDcmtk = modalityValues(decodeWith(dcmtk, "dcmdjpeg"));
        double[] viaRayport = modalityValues(decodeWith(rayport, "dcmdjpeg"));
        System.out.printf("%s at quality 90: Rayport ratio %s (%d bytes), PSNR %.1f dB; dcmcjpeg +ee ratio %s"
                        + " (%d bytes), PSNR %.1f dB, Pixel Representation %s, Rescale Intercept %s;"
                        + " modality values Rayport-DCMTK max difference %.0f%n", what,
                ours.getString(Tag.named("LossyImageCompressionRatio")), rayport.toFile().length(),
                psnr(before, viaRayport, 4095), theirs.getString(Tag.named("LossyImageCompressionRatio")),
                dcmtk.toFile().length(), psnr(before, viaDcmtk, 4095), theirs.getString(Tags.PIXEL_REPRESENTATION),
                theirs.getString(Tag.named("RescaleIntercept")), maxDifference(viaRayport, viaDcmtk));
        // Both keep the modality values; a wrong sign or size of the intercept shift would be off by thousands.
        assertTrue(what + ": Rayport's and DCMTK's modality values differ by more than the lossy error",
                maxDifference(viaRayport, viaDcmtk) <= maxDifference(before, viaRayport)
                        + maxDifference(before, viaDcmtk));
    }

    private static Path encode(Path original, TransferSyntax target, String suffix) throws Exception {
        return encode(original, target, suffix, 0.9f);
    }

    private static Path encode(Path original, TransferSyntax target, String suffix, float quality) throws Exception {
        Path out = dir.resolve(original.getFileName().toString().replace(".dcm", "-rayport-" + target.uid()
                + suffix + ".dcm"));
        DicomFile read = Part10Reader.read(original);
        Transcoder.to(target).withQuality(quality).write(read.dataset(), read.transferSyntax(), out);
        assertEquals(target, Part10Reader.read(out).transferSyntax());
        return out;
    }

    private static Path decodeWith(Path jpeg, String... program) throws Exception {
        String name = jpeg.getFileName().toString().replace(".dcm", "-" + program[0] + ".dcm");
        String[] command = new String[program.length + 2];
        System.arraycopy(program, 0, command, 0, program.length);
        command[program.length] = jpeg.getFileName().toString();
        command[program.length + 1] = name;
        Peers.ok(dir, command);
        Path out = dir.resolve(name);
        assertTrue(program[0] + " wrote compressed pixels", !Part10Reader.read(out).transferSyntax().encapsulated());
        return out;
    }

    static byte[] firstFragment(Path file) throws Exception {
        return Part10Reader.read(file).dataset().getFragments(Tags.PIXEL_DATA).fragments().get(0).readAllBytes();
    }

    private static int indexOfMarker(byte[] b, int marker) {
        for (int i = 0; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        return -1;
    }

    /** Stored values times Rescale Slope plus Rescale Intercept, of all frames (decoded by Rayport if needed). */
    static double[] modalityValues(Path file) throws Exception {
        DicomFile read = Part10Reader.read(file);
        Attributes ds = read.dataset();
        ImagePixelDescription d = PixelData.of(ds, read.transferSyntax()).decodedDescription();
        byte[] pixels = decodeAll(file);
        BigDecimal slope = new BigDecimal(ds.getString(Tag.named("RescaleSlope"), "1").strip());
        BigDecimal intercept = new BigDecimal(ds.getString(Tag.named("RescaleIntercept"), "0").strip());
        int n = (int) (d.pixelDataLength() / d.bytesPerSample());
        double[] values = new double[n];
        int shift = 32 - d.bitsStored();
        for (int i = 0; i < n; i++) {
            int v = d.bytesPerSample() == 1 ? pixels[i] & 0xFF : (pixels[2 * i] & 0xFF) | (pixels[2 * i + 1] & 0xFF) << 8;
            v = d.isSigned() ? v << shift >> shift : v & ((1 << d.bitsStored()) - 1);
            values[i] = v * slope.doubleValue() + intercept.doubleValue();
        }
        return values;
    }

    static double psnr(double[] a, double[] b, double peak) {
        assertEquals("number of samples", a.length, b.length);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return sum == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(peak * peak / (sum / a.length));
    }

    static double maxDifference(double[] a, double[] b) {
        assertEquals("number of samples", a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
