package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;
import org.rayport.dicom.data.Attributes;

/** Encodes one raw frame. Implementations are stateless and thread-safe. */
public interface FrameEncoder {

    /** Throws if the encoder cannot encode such pixels (bit depth, sign, samples). */
    void check(ImagePixelDescription raw) throws PixelDataException;

    /** What the data set says about the pixels once encoded (e.g. YBR_FULL_422 for lossy colour JPEG). */
    default ImagePixelDescription encodedDescription(ImagePixelDescription raw) {
        return raw;
    }

    /**
     * Sets in {@code target} what else the encoding changes in the data set {@code original}, beyond the pixel
     * description (e.g. the Rescale Intercept when signed pixels are stored unsigned).
     */
    default void adjustDataSet(Attributes original, ImagePixelDescription raw, Attributes.Builder target)
            throws PixelDataException {
    }

    /** The Lossy Image Compression Method (0028,2114) value, or null for a lossless encoder. */
    default String lossyMethod() {
        return null;
    }

    /** Encodes {@code raw}, one frame of {@code description} in little endian, to one compressed frame. */
    byte[] encode(byte[] raw, ImagePixelDescription description) throws PixelDataException;
}
