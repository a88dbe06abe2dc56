package org.rayport.client.internal;

import java.util.Locale;
import java.util.Set;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;

/**
 * Which transfer syntax a downloaded instance goes out in. The client asks for one of {@link Transfer}; the pool
 * says whether lossy JPEG is allowed; the image says what its codecs can take:
 * <ul>
 * <li>{@code original}: as stored.</li>
 * <li>{@code auto}: the smallest allowed form. Lossy JPEG (baseline for up to 8 bits stored, extended for 9 to 12)
 * when the pool allows it; else JPEG Lossless SV1 (up to 16 bits); data without pixel data, already compressed, or
 * that no encoder here takes, goes as stored.</li>
 * <li>{@code lossless}: JPEG Lossless SV1, also from other compressed syntaxes (RLE, JPEG-LS, JPEG 2000 lossless), which
 * clients may not decode; lossy-compressed data cannot become lossless and goes as stored.</li>
 * <li>{@code jpeg}: lossy JPEG; refused ({@link LossyNotAllowed}) in a pool that does not allow it; data that lossy JPEG
 * cannot take (more than 12 bits) goes as {@code lossless} would.</li>
 * </ul>
 * The encoder limits mirror those of {@code org.rayport.dicom.codec}: lossy JPEG takes MONOCHROME1/2 (signed or not,
 * High Bit = Bits Stored - 1, no Modality LUT Sequence when signed) or unsigned 8-bit RGB; SV1 takes 1 or 3 samples of
 * 8 or 16 bits allocated.
 */
public final class TransferChoice {

    /** What a client asks for. */
    public enum Transfer {
        ORIGINAL, LOSSLESS, JPEG, AUTO;

        /** The query parameter's value; absent means original. */
        public static Transfer of(String value) {
            if (value == null || value.isBlank()) {
                return ORIGINAL;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameter("transfer", "transfer must be original, lossless, jpeg or auto, not '"
                        + value + "'");
            }
        }
    }

    /** A client asked for lossy JPEG in a pool that does not allow it. */
    public static class LossyNotAllowed extends Exception {
        private static final long serialVersionUID = 1L;

        LossyNotAllowed(String message) {
            super(message);
        }
    }

    /**
     * What the choice needs to know of an image's pixels.
     *
     * @param hasPixelData false for instances without Pixel Data (SR, presentation states, ...)
     * @param photometricInterpretation as stored
     * @param signedWithModalityLut signed pixels with a Modality LUT Sequence, which lossy JPEG cannot re-base
     */
    public record Pixels(boolean hasPixelData, int samplesPerPixel, int bitsAllocated, int bitsStored, int highBit,
                         boolean signed, String photometricInterpretation, boolean signedWithModalityLut) {

        public static final Pixels NONE = new Pixels(false, 0, 0, 0, 0, false, "", false);

        static final Tag MODALITY_LUT_SEQUENCE = Tag.of(0x0028, 0x3000);

        /** Read from a data set; {@link #NONE} when it has no pixel data or no usable pixel description. */
        public static Pixels of(Attributes dataset) {
            if (!dataset.contains(Tags.PIXEL_DATA)) {
                return NONE;
            }
            int[] samples = dataset.getInts(Tags.SAMPLES_PER_PIXEL);
            int[] allocated = dataset.getInts(Tags.BITS_ALLOCATED);
            int[] stored = dataset.getInts(Tags.BITS_STORED);
            if (samples.length == 0 || allocated.length == 0 || stored.length == 0) {
                return NONE;
            }
            boolean signed = dataset.getInt(Tags.PIXEL_REPRESENTATION, 0) == 1;
            return new Pixels(true, samples[0], allocated[0], stored[0], dataset.getInt(Tags.HIGH_BIT, stored[0] - 1),
                    signed, dataset.getString(Tags.PHOTOMETRIC_INTERPRETATION, ""),
                    signed && !dataset.getSequence(MODALITY_LUT_SEQUENCE).isEmpty());
        }
    }

    /** Syntaxes whose pixels the codec bundle decodes, so that they can be re-encoded. */
    private static final Set<String> DECODABLE = Set.of(
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.RLE_LOSSLESS.uid(), TransferSyntax.JPEG_BASELINE.uid(), TransferSyntax.JPEG_EXTENDED.uid(),
            TransferSyntax.JPEG_LOSSLESS.uid(), TransferSyntax.JPEG_LOSSLESS_SV1.uid(),
            TransferSyntax.JPEG_LS_LOSSLESS.uid(), TransferSyntax.JPEG_LS_NEAR_LOSSLESS.uid(),
            TransferSyntax.JPEG_2000_LOSSLESS.uid(), TransferSyntax.JPEG_2000.uid());

    /** Syntaxes that lost information already: never passed off as lossless. */
    private static final Set<String> LOSSY = Set.of(TransferSyntax.JPEG_BASELINE.uid(),
            TransferSyntax.JPEG_EXTENDED.uid(), TransferSyntax.JPEG_LS_NEAR_LOSSLESS.uid(), TransferSyntax.JPEG_2000.uid());

    private TransferChoice() {
    }

    /**
     * The syntax to send; {@code stored} itself means "send the stored file as it is".
     *
     * @throws LossyNotAllowed {@code jpeg} was asked for in a pool that does not allow lossy JPEG
     */
    public static TransferSyntax choose(Transfer requested, TransferSyntax stored, Pixels pixels, boolean allowJpeg)
            throws LossyNotAllowed {
        if (requested == Transfer.JPEG && !allowJpeg) {
            throw new LossyNotAllowed("This pool does not allow lossy JPEG; ask for lossless, auto or original");
        }
        if (requested == Transfer.ORIGINAL || !pixels.hasPixelData() || !DECODABLE.contains(stored.uid())) {
            return stored;
        }
        switch (requested) {
            case AUTO:
                if (stored.encapsulated()) {
                    return stored;
                }
                if (allowJpeg && lossyEncodable(pixels)) {
                    return lossyTarget(pixels);
                }
                return losslessOrStored(stored, pixels);
            case JPEG:
                if (stored.equals(TransferSyntax.JPEG_BASELINE) || stored.equals(TransferSyntax.JPEG_EXTENDED)) {
                    return stored;
                }
                if (lossyEncodable(pixels)) {
                    return lossyTarget(pixels);
                }
                return losslessOrStored(stored, pixels);
            case LOSSLESS:
            default:
                return losslessOrStored(stored, pixels);
        }
    }

    private static TransferSyntax losslessOrStored(TransferSyntax stored, Pixels pixels) {
        if (LOSSY.contains(stored.uid()) || !losslessEncodable(pixels)) {
            return stored;
        }
        return TransferSyntax.JPEG_LOSSLESS_SV1;
    }

    private static TransferSyntax lossyTarget(Pixels pixels) {
        return pixels.bitsStored() <= 8 ? TransferSyntax.JPEG_BASELINE : TransferSyntax.JPEG_EXTENDED;
    }

    static boolean losslessEncodable(Pixels p) {
        return (p.bitsAllocated() == 8 || p.bitsAllocated() == 16) && (p.samplesPerPixel() == 1
                || p.samplesPerPixel() == 3) && p.bitsStored() <= 16;
    }

    static boolean lossyEncodable(Pixels p) {
        if (p.bitsStored() > 12 || p.bitsAllocated() != 8 && p.bitsAllocated() != 16
                || p.highBit() != p.bitsStored() - 1 || p.signedWithModalityLut()) {
            return false;
        }
        boolean mono = p.samplesPerPixel() == 1 && p.photometricInterpretation().startsWith("MONOCHROME");
        // JPEG 2000's YBR_ICT/YBR_RCT decode to RGB; YBR_FULL stays YBR_FULL when decoded, which the encoder refuses.
        boolean rgb = p.samplesPerPixel() == 3 && p.bitsStored() <= 8 && !p.signed()
                && Set.of("RGB", "YBR_ICT", "YBR_RCT").contains(p.photometricInterpretation());
        return mono || rgb;
    }
}
