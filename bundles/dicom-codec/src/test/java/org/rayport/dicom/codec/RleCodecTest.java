package org.rayport.dicom.codec;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;

/** RLE: DCMTK compresses, Rayport decodes; Rayport compresses, DCMTK and gdcm decode. */
public class RleCodecTest extends PeerTestSupport {

    private static final List<TestImages.Spec> IMAGES = List.of(TestImages.CT, TestImages.MONO8, TestImages.RGB,
            TestImages.SIGNED, TestImages.MULTIFRAME);
    private static Path dir;

    @BeforeClass
    public static void setUp() throws Exception {
        Peers.require("dcmcrle", "dcmdrle", "gdcminfo", "dciodvfy");
        dir = newDirectory("rle");
        for (TestImages.Spec s : IMAGES) {
            TestImages.write(s, dir);
        }
    }

    @AfterClass
    public static void tearDown() throws Exception {
        delete(dir);
    }

    @Test(timeout = 60_000)
    public void decodesWhatDcmtkEncoded() throws Exception {
        for (TestImages.Spec s : IMAGES) {
            Peers.ok(dir, "dcmcrle", s.name() + ".dcm", s.name() + "-dcmtk.rle.dcm");
            Path rle = dir.resolve(s.name() + "-dcmtk.rle.dcm");
            assertEquals(TransferSyntax.RLE_LOSSLESS, Part10Reader.read(rle).transferSyntax());
            assertSamePixels(s.name(), TestImages.pixels(s), decodeAll(rle));
        }
    }

    @Test(timeout = 60_000)
    public void dcmtkAndGdcmDecodeWhatRayportEncoded() throws Exception {
        for (TestImages.Spec s : IMAGES) {
            Path original = dir.resolve(s.name() + ".dcm");
            Path rle = dir.resolve(s.name() + "-rayport.rle.dcm");
            DicomFile read = Part10Reader.read(original);
            Transcoder.to(TransferSyntax.RLE_LOSSLESS).write(read.dataset(), read.transferSyntax(), rle);
            assertEquals(s.name(), Peers.pixelMd5(dir, original), Peers.pixelMd5(dir, rle));
            Peers.ok(dir, "dcmdrle", rle.getFileName().toString(), s.name() + "-dcmdrle.dcm");
            assertSamePixels(s.name() + " decoded by dcmdrle", TestImages.pixels(s),
                    nativePixels(dir.resolve(s.name() + "-dcmdrle.dcm")));
            assertNoNewValidationErrors(dir, original, rle);
        }
    }

    @Test(timeout = 60_000)
    public void inMemoryTranscodeRoundTrips() throws Exception {
        for (TestImages.Spec s : IMAGES) {
            Attributes original = TestImages.dataset(s);
            Attributes rle = Transcoder.to(TransferSyntax.RLE_LOSSLESS).transcode(original,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            Attributes back = Transcoder.to(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).transcode(rle,
                    TransferSyntax.RLE_LOSSLESS);
            assertSamePixels(s.name(), TestImages.pixels(s),
                    back.getBulkData(org.rayport.dicom.data.Tags.PIXEL_DATA).readAllBytes());
            assertEquals(s.name(), ImagePixelDescription.of(original), ImagePixelDescription.of(back));
        }
    }
}
