package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/** Decodes the compressed bytes of one frame. Implementations are stateless and thread-safe. */
public interface FrameDecoder {

    /** What the decoded pixels are, given what the data set says about the compressed ones. */
    default ImagePixelDescription decodedDescription(ImagePixelDescription stored) {
        return stored;
    }

    /**
     * Decodes {@code compressed} (all fragments of the frame, concatenated) into {@code out}, which holds exactly
     * one frame of {@link #decodedDescription} (little endian, planar configuration as described there).
     */
    void decode(byte[] compressed, ImagePixelDescription stored, byte[] out) throws PixelDataException;
}
