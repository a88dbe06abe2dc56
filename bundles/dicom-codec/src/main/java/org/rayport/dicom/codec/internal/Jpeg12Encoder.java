package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/** Placeholder until the 12-bit DCT encoder exists. */
final class Jpeg12Encoder {
    private final float quality;

    Jpeg12Encoder(float quality) {
        this.quality = quality;
    }

    byte[] encode(byte[] raw, ImagePixelDescription d) throws PixelDataException {
        throw new PixelDataException("12-bit JPEG (extended DCT) is not encoded yet (quality " + quality + ")");
    }
}
