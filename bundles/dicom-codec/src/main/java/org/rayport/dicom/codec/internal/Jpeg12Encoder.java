package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/**
 * 12-bit DCT JPEG encoding (process 4) is not written yet: neither the JDK's writer nor TwelveMonkeys writes
 * 12-bit precision. This refuses such frames with a clear message.
 */
final class Jpeg12Encoder {
    private final float quality;

    Jpeg12Encoder(float quality) {
        this.quality = quality;
    }

    byte[] encode(byte[] raw, ImagePixelDescription d) throws PixelDataException {
        throw new PixelDataException("encoding 12-bit JPEG (extended DCT, process 4) is not supported yet;"
                + " use JPEG lossless SV1 for " + d.bitsStored() + "-bit data (quality " + quality + " requested)");
    }
}
