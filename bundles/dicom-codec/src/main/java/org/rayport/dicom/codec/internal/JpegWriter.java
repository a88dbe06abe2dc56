package org.rayport.dicom.codec.internal;

import java.io.ByteArrayOutputStream;

/** Bytes of a JPEG stream: markers, segment fields, and entropy-coded bits with 0xFF byte stuffing. */
final class JpegWriter {

    private final ByteArrayOutputStream out;
    private long bitBuffer;
    private int bitCount;

    JpegWriter(int expectedLength) {
        out = new ByteArrayOutputStream(Math.max(1024, expectedLength));
    }

    void marker(int marker) {
        out.write(0xFF);
        out.write(marker);
    }

    void u8(int v) {
        out.write(v);
    }

    void u16(int v) {
        out.write(v >> 8);
        out.write(v);
    }

    /** Appends the low {@code count} bits of {@code value} (count up to 32). */
    void bits(int value, int count) {
        if (count == 0) {
            return;
        }
        bitBuffer = bitBuffer << count | (value & ((1L << count) - 1));
        bitCount += count;
        while (bitCount >= 8) {
            int b = (int) (bitBuffer >> (bitCount - 8)) & 0xFF;
            out.write(b);
            if (b == 0xFF) {
                out.write(0);
            }
            bitCount -= 8;
        }
        bitBuffer &= (1L << bitCount) - 1;
    }

    /** Pads the last byte with one bits, as T.81 F.1.2.3 asks. */
    void flushBits() {
        if (bitCount > 0) {
            bits(0x7F, 8 - bitCount);
        }
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
