package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.PixelDataException;

/** Finds the frame header (SOFn) of a JPEG or JPEG-LS stream, to pick the decoder before decoding. */
final class JpegMarkers {

    record Frame(int marker, int precision, int rows, int columns, int components) {
        boolean lossless() {
            return marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF;
        }
    }

    private JpegMarkers() {
    }

    static Frame frameHeader(byte[] b) throws PixelDataException {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            throw new PixelDataException("not a JPEG stream: no SOI marker (FFD8) at offset 0");
        }
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xFF) != 0xFF) {
                throw new PixelDataException("JPEG stream: marker expected at offset " + pos);
            }
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;   // fill byte
                continue;
            }
            int length = (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
                    || marker == 0xF7;
            if (sof) {
                if (pos + 10 > b.length || length < 8) {
                    throw new PixelDataException("JPEG frame header at offset " + pos + " is truncated");
                }
                return new Frame(marker, b[pos + 4] & 0xFF, (b[pos + 5] & 0xFF) << 8 | (b[pos + 6] & 0xFF),
                        (b[pos + 7] & 0xFF) << 8 | (b[pos + 8] & 0xFF), b[pos + 9] & 0xFF);
            }
            if (length < 2) {
                throw new PixelDataException("JPEG segment at offset " + pos + " has length " + length);
            }
            pos += 2 + length;
        }
        throw new PixelDataException("JPEG stream of " + b.length + " bytes has no frame header (SOF)");
    }
}
