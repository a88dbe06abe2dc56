package org.rayport.dicom.codec;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.BulkData;
import org.rayport.dicom.data.Fragments;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;

/**
 * Damaged pixel data gives a PixelDataException that says what is wrong, never a hang or a huge allocation. The
 * timeouts only guard against hangs.
 */
public class MalformedInputTest {

    private static final List<TransferSyntax> ENCODED = List.of(TransferSyntax.RLE_LOSSLESS,
            TransferSyntax.JPEG_LOSSLESS_SV1, TransferSyntax.JPEG_BASELINE);

    private static Attributes encoded(TestImages.Spec s, TransferSyntax syntax) throws Exception {
        return Transcoder.to(syntax).transcode(TestImages.dataset(s), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    private static Attributes withFrame(Attributes dataset, byte[] frame) {
        return dataset.toBuilder().setFragments(Tags.PIXEL_DATA, Vr.OB, Fragments.of(List.of(BulkData.ofBytes(frame))))
                .build();
    }

    private static String decodeFailure(Attributes dataset, TransferSyntax syntax) {
        return decodeFailure(dataset, syntax, syntax.name());
    }

    private static String decodeFailure(Attributes dataset, TransferSyntax syntax, String what) {
        try {
            PixelData.of(dataset, syntax).frame(0);
        } catch (PixelDataException e) {
            return e.getMessage();
        }
        fail(what + ": decoded without complaint");
        return null;
    }

    @Test(timeout = 60_000)
    public void truncatedFramesAreReported() throws Exception {
        for (TransferSyntax syntax : ENCODED) {
            TestImages.Spec s = syntax == TransferSyntax.JPEG_BASELINE ? TestImages.MONO8 : TestImages.CT;
            Attributes good = encoded(s, syntax);
            byte[] frame = good.getFragments(Tags.PIXEL_DATA).fragments().get(0).readAllBytes();
            for (int length : new int[] {0, 1, 3, 40, 64, 200, frame.length / 2}) {
                String message = decodeFailure(withFrame(good, Arrays.copyOf(frame, length)), syntax, syntax.name() + " cut to " + length);
                assertTrue(syntax.name() + " cut to " + length + ": " + message, message.contains("frame 0"));
            }
        }
    }

    @Test(timeout = 60_000)
    public void garbageNeverHangs() throws Exception {
        Random random = new Random(42);
        for (TransferSyntax syntax : List.of(TransferSyntax.RLE_LOSSLESS, TransferSyntax.JPEG_LOSSLESS_SV1,
                TransferSyntax.JPEG_BASELINE, TransferSyntax.JPEG_2000_LOSSLESS)) {
            Attributes dataset = TestImages.dataset(TestImages.MONO8);
            for (int i = 0; i < 20; i++) {
                byte[] garbage = new byte[random.nextInt(4096) + 1];
                random.nextBytes(garbage);
                if (i % 2 == 0 && garbage.length > 4) {   // a plausible start, rubbish after
                    garbage[0] = (byte) 0xFF;
                    garbage[1] = (byte) 0xD8;
                }
                try {
                    PixelData.of(dataset.toBuilder().build(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                    PixelData.of(withFrame(dataset, garbage), syntax).frame(0);
                } catch (PixelDataException expected) {
                    assertTrue(expected.getMessage(), expected.getMessage().length() > 10);
                }
            }
        }
    }

    @Test(timeout = 10_000)
    public void flippedBitsInRleSegmentsAreCaught() throws Exception {
        Attributes good = encoded(TestImages.CT, TransferSyntax.RLE_LOSSLESS);
        byte[] frame = good.getFragments(Tags.PIXEL_DATA).fragments().get(0).readAllBytes();
        byte[] badHeader = frame.clone();
        badHeader[0] = 9;   // segment count
        assertTrue(decodeFailure(withFrame(good, badHeader), TransferSyntax.RLE_LOSSLESS).contains("segments"));
        byte[] badOffset = frame.clone();
        badOffset[7] = 0x7F;   // first segment offset far beyond the frame
        assertTrue(decodeFailure(withFrame(good, badOffset), TransferSyntax.RLE_LOSSLESS).contains("outside"));
    }

    @Test
    public void inconsistentDescriptionsAreRefusedBeforeAnyAllocation() {
        Attributes ct = TestImages.dataset(TestImages.CT);
        List<String> messages = new ArrayList<>();
        for (Attributes bad : List.of(
                ct.toBuilder().setInt(Tags.BITS_STORED, 17).build(),
                ct.toBuilder().setInt(Tags.HIGH_BIT, 3).build(),
                ct.toBuilder().remove(Tags.ROWS).build(),
                ct.toBuilder().setInt(Tags.ROWS, 65535).setInt(Tags.COLUMNS, 65535).setInt(Tags.SAMPLES_PER_PIXEL, 3)
                        .setString(Tags.PHOTOMETRIC_INTERPRETATION, "RGB").build(),
                ct.toBuilder().setInt(Tags.NUMBER_OF_FRAMES, 4).build())) {
            try {
                PixelData.of(bad, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                fail("accepted " + bad);
            } catch (PixelDataException e) {
                messages.add(e.getMessage());
            }
        }
        assertTrue(messages.get(0), messages.get(0).contains("Bits Stored"));
        assertTrue(messages.get(1), messages.get(1).contains("High Bit"));
        assertTrue(messages.get(2), messages.get(2).contains("(0028,0010)"));
        assertTrue(messages.get(3), messages.get(3).contains("more than the limit"));
        assertTrue(messages.get(4), messages.get(4).contains("4 frames"));
    }

    @Test
    public void unsupportedSyntaxesSaySo() throws Exception {
        Attributes ds = withFrame(TestImages.dataset(TestImages.MONO8), new byte[100]);
        try {
            PixelData.of(ds, TransferSyntax.MPEG4_HP41);
            fail("MPEG-4 accepted");
        } catch (UnsupportedTransferSyntaxException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("1.2.840.10008.1.2.4.102"));
        }
    }
}
