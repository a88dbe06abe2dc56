package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/**
 * JPEG lossless, process 14, selection value 1 (ITU-T T.81 Annex H) for 2 to 16 bits and 1 or 3 components, with
 * an optimal Huffman table per frame. Written here because no Java library on Maven Central encodes lossless
 * JPEG (TwelveMonkeys and the JDK only decode it, and only TwelveMonkeys does that); the encoder is small.
 */
public final class JpegLosslessEncoder implements FrameEncoder {

    @Override
    public void check(ImagePixelDescription d) throws PixelDataException {
        if (d.bitsAllocated() != 8 && d.bitsAllocated() != 16 || d.samplesPerPixel() == 4) {
            throw new PixelDataException("JPEG lossless encodes 1 or 3 samples of 8 or 16 bits allocated, not "
                    + d.samplesPerPixel() + " of " + d.bitsAllocated());
        }
    }

    @Override
    public byte[] encode(byte[] raw, ImagePixelDescription d) throws PixelDataException {
        check(d);
        int precision = Math.max(2, d.bitsStored());
        int components = d.samplesPerPixel();
        long[] frequencies = new long[256];
        forEachDifference(raw, d, precision, (component, diff) -> frequencies[category(diff)]++);
        HuffmanTable table = HuffmanTable.of(frequencies);

        JpegWriter out = new JpegWriter(raw.length / 2);
        out.marker(0xD8);
        out.marker(0xC3);
        out.u16(8 + 3 * components);
        out.u8(precision);
        out.u16(d.rows());
        out.u16(d.columns());
        out.u8(components);
        for (int c = 1; c <= components; c++) {
            out.u8(c);
            out.u8(0x11);
            out.u8(0);
        }
        table.writeDht(out, 0, 0);
        out.marker(0xDA);
        out.u16(6 + 2 * components);
        out.u8(components);
        for (int c = 1; c <= components; c++) {
            out.u8(c);
            out.u8(0x00);
        }
        out.u8(1);   // predictor: selection value 1
        out.u8(0);
        out.u8(0);   // no point transform
        forEachDifference(raw, d, precision, (component, diff) -> {
            int ssss = category(diff);
            out.bits(table.code[ssss], table.size[ssss]);
            if (ssss > 0 && ssss < 16) {
                out.bits(diff < 0 ? diff - 1 : diff, ssss);
            }
        });
        out.flushBits();
        out.marker(0xD9);
        return out.toByteArray();
    }

    private interface DifferenceSink {
        void accept(int component, int difference);
    }

    /** Differences to predictor 1 (left; above in the first column; 2^(P-1) first), modulo 2^16 (H.1.2.1). */
    private static void forEachDifference(byte[] raw, ImagePixelDescription d, int precision, DifferenceSink sink) {
        int components = d.samplesPerPixel();
        int columns = d.columns();
        int mask = (1 << precision) - 1;
        boolean wide = d.bitsAllocated() == 16;
        int rowSamples = columns * components;
        for (int y = 0; y < d.rows(); y++) {
            for (int x = 0; x < columns; x++) {
                for (int c = 0; c < components; c++) {
                    int i = (y * columns + x) * components + c;
                    int value = sample(raw, i, wide) & mask;
                    int prediction;
                    if (x > 0) {
                        prediction = sample(raw, i - components, wide) & mask;
                    } else if (y > 0) {
                        prediction = sample(raw, i - rowSamples, wide) & mask;
                    } else {
                        prediction = 1 << (precision - 1);
                    }
                    int diff = (value - prediction) & 0xFFFF;
                    if (diff >= 0x8000) {
                        diff -= 0x10000;
                    }
                    sink.accept(c, diff);
                }
            }
        }
    }

    private static int sample(byte[] raw, int index, boolean wide) {
        return wide ? (raw[2 * index] & 0xFF) | (raw[2 * index + 1] & 0xFF) << 8 : raw[index] & 0xFF;
    }

    /** SSSS: the number of bits of |diff|; 16 stands for -32768 alone and carries no extra bits. */
    static int category(int diff) {
        if (diff == -32768) {
            return 16;
        }
        return 32 - Integer.numberOfLeadingZeros(Math.abs(diff));
    }
}
