package org.rayport.dicom.codec;

import java.io.IOException;

/**
 * Pixel data that cannot be decoded or encoded: a damaged stream, a pixel description that
 * contradicts itself or the data, or a frame too large to hold. The message says what and where
 * (frame, fragment, byte offset).
 */
public class PixelDataException extends IOException {

    private static final long serialVersionUID = 1L;

    public PixelDataException(String message) {
        super(message);
    }

    public PixelDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
