package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/** Encodes one raw frame. Implementations are stateless and thread-safe. */
public interface FrameEncoder {

    /** Throws if the encoder cannot encode such pixels (bit depth, sign, samples). */
    void check(ImagePixelDescription raw) throws PixelDataException;

    /** What the data set says about the pixels once encoded (e.g. YBR_FULL_422 for lossy colour JPEG). */
    default ImagePixelDescription encodedDescription(ImagePixelDescription raw) {
        return raw;
    }

    /** The Lossy Image Compression Method (0028,2114) value, or null for a lossless encoder. */
    default String lossyMethod() {
        return null;
    }

    /** Encodes {@code raw}, one frame of {@code description} in little endian, to one compressed frame. */
    byte[] encode(byte[] raw, ImagePixelDescription description) throws PixelDataException;
}
