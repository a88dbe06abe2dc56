package org.rayport.dicom.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;

/** JPEG-LS written by DCMTK (CharLS inside), decoded by Rayport's own decoder. */
public class JpegLsDecodeTest extends PeerTestSupport {

    private static final List<TestImages.Spec> IMAGES = List.of(TestImages.CT, TestImages.MONO8, TestImages.RGB,
            TestImages.SIGNED, TestImages.MULTIFRAME);
    private static Path dir;

    @BeforeClass
    public static void setUp() throws Exception {
        Peers.require("dcmcjpls", "dcmdjpls");
        dir = newDirectory("jpls");
        for (TestImages.Spec s : IMAGES) {
            TestImages.write(s, dir);
        }
    }

    @AfterClass
    public static void tearDown() throws Exception {
        delete(dir);
    }

    @Test(timeout = 60_000)
    public void losslessIsExact() throws Exception {
        for (TestImages.Spec s : IMAGES) {
            for (String interleave : s.samples() == 3 ? List.of("+il", "+in") : List.of("+il")) {
                String name = s.name() + "-jls" + interleave.substring(1) + ".dcm";
                Peers.ok(dir, "dcmcjpls", interleave, s.name() + ".dcm", name);
                assertEquals(TransferSyntax.JPEG_LS_LOSSLESS, Part10Reader.read(dir.resolve(name)).transferSyntax());
                assertSamePixels(name, TestImages.pixels(s), decodeAll(dir.resolve(name)));
            }
        }
    }

    @Test(timeout = 60_000)
    public void nearLosslessEqualsDcmdjplsOutput() throws Exception {
        // dcmcjpls refuses signed pixels for near-lossless.
        for (TestImages.Spec s : IMAGES.stream().filter(s -> !s.signed()).toList()) {
            for (String near : List.of("2", "7")) {
                String name = s.name() + "-near" + near + ".dcm";
                Peers.ok(dir, "dcmcjpls", "+en", "+md", near, s.name() + ".dcm", name);
                Path file = dir.resolve(name);
                assertEquals(TransferSyntax.JPEG_LS_NEAR_LOSSLESS, Part10Reader.read(file).transferSyntax());
                Peers.ok(dir, "dcmdjpls", name, "decoded-" + name);
                byte[] reference = nativePixels(dir.resolve("decoded-" + name));
                byte[] ours = decodeAll(file);
                int max = maxDifference(reference, ours, s.description());
                int toOriginal = maxDifference(TestImages.pixels(s), ours, s.description());
                System.out.printf("JPEG-LS NEAR=%s %s: max difference to dcmdjpls %d, to the original %d%n", near,
                        s.name(), max, toOriginal);
                assertSamePixels(name + " against dcmdjpls", reference, ours);
                assertTrue(name + ": " + toOriginal, toOriginal <= Integer.parseInt(near));
            }
        }
    }
}
