package org.rayport.client.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.rayport.client.internal.TransferChoice.Pixels;
import org.rayport.client.internal.TransferChoice.Transfer;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Sequence;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;

/** The transfer syntax a download gets: a table of bit depth x allowJpeg x stored syntax x request. */
public class TransferChoiceTest {

    private static final TransferSyntax NATIVE = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final TransferSyntax SV1 = TransferSyntax.JPEG_LOSSLESS_SV1;
    private static final TransferSyntax BASELINE = TransferSyntax.JPEG_BASELINE;
    private static final TransferSyntax EXTENDED = TransferSyntax.JPEG_EXTENDED;

    private static Pixels mono(int allocated, int stored) {
        return new Pixels(true, 1, allocated, stored, stored - 1, false, "MONOCHROME2", false);
    }

    private static TransferSyntax choose(Transfer transfer, TransferSyntax stored, Pixels pixels, boolean allowJpeg) {
        try {
            return TransferChoice.choose(transfer, stored, pixels, allowJpeg);
        } catch (TransferChoice.LossyNotAllowed e) {
            throw new AssertionError(e);
        }
    }

    /** Bits stored, JPEG allowed, stored syntax, then what original, lossless, jpeg and auto give. */
    private static final Object[][] TABLE = {
        // 8 bits
        {8, true, NATIVE, NATIVE, SV1, BASELINE, BASELINE},
        {8, false, NATIVE, NATIVE, SV1, null, SV1},
        // 12 bits in 16
        {12, true, NATIVE, NATIVE, SV1, EXTENDED, EXTENDED},
        {12, false, NATIVE, NATIVE, SV1, null, SV1},
        {12, true, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, SV1, EXTENDED,
                EXTENDED},
        // 16 bits: too many for lossy JPEG
        {16, true, NATIVE, NATIVE, SV1, SV1, SV1},
        {16, false, NATIVE, NATIVE, SV1, null, SV1},
        // stored compressed: auto leaves it; lossless re-encodes lossless ones to SV1; jpeg encodes lossy
        {12, true, TransferSyntax.RLE_LOSSLESS, TransferSyntax.RLE_LOSSLESS, SV1, EXTENDED,
                TransferSyntax.RLE_LOSSLESS},
        {12, false, TransferSyntax.RLE_LOSSLESS, TransferSyntax.RLE_LOSSLESS, SV1, null, TransferSyntax.RLE_LOSSLESS},
        {16, true, TransferSyntax.JPEG_2000_LOSSLESS, TransferSyntax.JPEG_2000_LOSSLESS, SV1, SV1,
                TransferSyntax.JPEG_2000_LOSSLESS},
        {12, true, SV1, SV1, SV1, EXTENDED, SV1},
        {12, true, EXTENDED, EXTENDED, EXTENDED, EXTENDED, EXTENDED},
        {8, true, BASELINE, BASELINE, BASELINE, BASELINE, BASELINE},
        {8, false, BASELINE, BASELINE, BASELINE, null, BASELINE},
        {12, true, TransferSyntax.JPEG_LS_NEAR_LOSSLESS, TransferSyntax.JPEG_LS_NEAR_LOSSLESS,
                TransferSyntax.JPEG_LS_NEAR_LOSSLESS, EXTENDED, TransferSyntax.JPEG_LS_NEAR_LOSSLESS},
        // no codec for MPEG: always as stored
        {8, true, TransferSyntax.MPEG4_HP41, TransferSyntax.MPEG4_HP41, TransferSyntax.MPEG4_HP41,
                TransferSyntax.MPEG4_HP41, TransferSyntax.MPEG4_HP41},
    };

    @Test
    public void theTable() {
        Transfer[] columns = {Transfer.ORIGINAL, Transfer.LOSSLESS, Transfer.JPEG, Transfer.AUTO};
        for (Object[] row : TABLE) {
            int bits = (Integer) row[0];
            boolean allowJpeg = (Boolean) row[1];
            TransferSyntax stored = (TransferSyntax) row[2];
            Pixels pixels = mono(bits <= 8 ? 8 : 16, bits);
            for (int c = 0; c < columns.length; c++) {
                String what = bits + " bits, allowJpeg " + allowJpeg + ", stored " + stored.name() + ", " + columns[c];
                TransferSyntax expected = (TransferSyntax) row[3 + c];
                if (expected == null) {
                    try {
                        TransferChoice.choose(columns[c], stored, pixels, allowJpeg);
                        fail(what + ": lossy JPEG given in a pool that does not allow it");
                    } catch (TransferChoice.LossyNotAllowed refused) {
                        assertTrue(refused.getMessage().contains("does not allow lossy JPEG"));
                    }
                } else {
                    assertEquals(what, expected.uid(), choose(columns[c], stored, pixels, allowJpeg).uid());
                }
            }
        }
    }

    @Test
    public void withoutPixelDataEverythingGoesAsStored() {
        for (Transfer t : new Transfer[] {Transfer.ORIGINAL, Transfer.LOSSLESS, Transfer.JPEG, Transfer.AUTO}) {
            assertEquals(t.name(), NATIVE, choose(t, NATIVE, Pixels.NONE, true));
        }
    }

    @Test
    public void whatTheEncodersCannotTakeIsLeftAsItIs() {
        Pixels highBitElsewhere = new Pixels(true, 1, 16, 12, 15, false, "MONOCHROME2", false);
        assertEquals("High Bit not Bits Stored - 1: no lossy", SV1, choose(Transfer.AUTO, NATIVE, highBitElsewhere, true));
        Pixels rgb8 = new Pixels(true, 3, 8, 8, 7, false, "RGB", false);
        assertEquals(BASELINE, choose(Transfer.AUTO, NATIVE, rgb8, true));
        Pixels ybrFull = new Pixels(true, 3, 8, 8, 7, false, "YBR_FULL", false);
        assertEquals("native YBR_FULL is not lossy-encoded", SV1, choose(Transfer.AUTO, NATIVE, ybrFull, true));
        Pixels bits32 = new Pixels(true, 1, 32, 32, 31, false, "MONOCHROME2", false);
        assertEquals("32-bit: no encoder", NATIVE, choose(Transfer.AUTO, NATIVE, bits32, true));
        assertEquals(NATIVE, choose(Transfer.LOSSLESS, NATIVE, bits32, true));
        Pixels signedWithLut = new Pixels(true, 1, 16, 12, 11, true, "MONOCHROME2", true);
        assertEquals(SV1, choose(Transfer.AUTO, NATIVE, signedWithLut, true));
        Pixels signed = new Pixels(true, 1, 16, 12, 11, true, "MONOCHROME2", false);
        assertEquals(EXTENDED, choose(Transfer.AUTO, NATIVE, signed, true));
    }

    @Test
    public void pixelsAreReadFromTheDataSet() {
        Attributes.Builder ct = Attributes.builder().setInt(Tags.SAMPLES_PER_PIXEL, 1).setInt(Tags.BITS_ALLOCATED, 16)
                .setInt(Tags.BITS_STORED, 12).setInt(Tags.HIGH_BIT, 11).setInt(Tags.PIXEL_REPRESENTATION, 1)
                .setString(Tags.PHOTOMETRIC_INTERPRETATION, "MONOCHROME2")
                .setBytes(Tags.PIXEL_DATA, Vr.OW, new byte[8]);
        assertEquals(new Pixels(true, 1, 16, 12, 11, true, "MONOCHROME2", false), Pixels.of(ct.build()));
        ct.setSequence(Tag.of(0x0028, 0x3000), Sequence.of(Attributes.empty()));
        assertTrue(Pixels.of(ct.build()).signedWithModalityLut());
        assertEquals(Pixels.NONE, Pixels.of(ct.remove(Tags.PIXEL_DATA).build()));
    }

    @Test
    public void transferNamesAreCheckedByName() {
        assertEquals(Transfer.ORIGINAL, Transfer.of(null));
        assertEquals(Transfer.AUTO, Transfer.of("Auto"));
        try {
            Transfer.of("lossy");
            fail("accepted 'lossy'");
        } catch (InvalidParameter refused) {
            assertEquals("transfer", refused.parameter());
        }
    }
}
