package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/** Placeholder until the 12-bit DCT decoder exists. */
final class Jpeg12Decoder {
    void decode(byte[] compressed, ImagePixelDescription d, byte[] out) throws PixelDataException {
        throw new PixelDataException("12-bit JPEG (extended DCT) is not decoded yet");
    }
}
