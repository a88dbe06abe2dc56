package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;

/**
 * Sequential Huffman DCT JPEG of 12-bit precision (extended process 4, ITU-T T.81 Annex F; SOF1), one component.
 * Written here because no Java library on Maven Central writes 12-bit DCT: the JDK's writer and TwelveMonkeys stop
 * at 8 bits, and the 12-bit IJG builds (DCMTK, gdcm) are native code.
 *
 * <p>It does what IJG's libjpeg does for 12 bits, so that its output compares with {@code dcmcjpeg +ee}: the
 * standard luminance table (T.81 K.1) scaled by quality like {@code jpeg_set_quality} (the table is not scaled up
 * for 12 bits, which makes it finer relative to the range), an accurate floating point forward DCT, rounding to the
 * nearest quantized value, and Huffman tables optimal for the frame (libjpeg always optimizes above 8 bits, since
 * T.81 K.3's tables have no codes for the categories up to 15 (DC) and 14 (AC) that 12 bits need). Quantization
 * values above 255 are written with 16-bit precision (Pq = 1). Edges of a size not divisible by 8 are padded by
 * repeating the last column and row, as libjpeg does.
 */
final class Jpeg12Encoder {

    static final int PRECISION = 12;

    /** T.81 Table K.1, luminance, in natural (row-major) order. */
    private static final int[] LUMINANCE = {
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99};

    /** DCT basis: C(u)/2 * cos((2x+1)u pi/16), indexed [u][x]. */
    private static final double[][] BASIS = new double[8][8];

    static {
        for (int u = 0; u < 8; u++) {
            for (int x = 0; x < 8; x++) {
                BASIS[u][x] = (u == 0 ? Math.sqrt(0.5) : 1) * Math.cos((2 * x + 1) * u * Math.PI / 16) / 2;
            }
        }
    }

    /** Largest magnitude of a quantized AC coefficient: category 14 (T.81 F.1.2.2, Table F.2). */
    private static final int MAX_AC = (1 << 14) - 1;

    private final int[] quantization;   // zigzag order, as written in DQT

    /** @param quality 0 (smallest) to 1 (best), as libjpeg's 1..100 divided by 100 */
    Jpeg12Encoder(float quality) {
        quantization = scaledTable(quality);
    }

    /** libjpeg's jpeg_quality_scaling and jpeg_add_quant_table without the baseline limit of 255. */
    static int[] scaledTable(float quality) {
        int q = Math.max(1, Math.min(100, Math.round(quality * 100)));
        int scale = q < 50 ? 5000 / q : 200 - 2 * q;
        int[] zigzag = new int[64];
        for (int k = 0; k < 64; k++) {
            int value = (LUMINANCE[Jpeg12Decoder.ZIGZAG[k]] * scale + 50) / 100;
            zigzag[k] = Math.max(1, Math.min(32767, value));
        }
        return zigzag;
    }

    /** Encodes one frame of {@code samples}: unsigned values of at most 12 bits, signed input already shifted. */
    byte[] encode(JpegLossyEncoder.Samples samples, ImagePixelDescription d) {
        int blocksX = (d.columns() + 7) / 8;
        int blocksY = (d.rows() + 7) / 8;
        // Quantized coefficients of the whole frame, zigzag order: the Huffman tables need all of them first.
        short[] coefficients = new short[Math.multiplyExact(blocksX * blocksY, 64)];
        double[] block = new double[64];
        double[] rowPass = new double[64];
        int levelShift = 1 << (PRECISION - 1);
        for (int by = 0, b = 0; by < blocksY; by++) {
            for (int bx = 0; bx < blocksX; bx++, b++) {
                for (int y = 0; y < 8; y++) {
                    int py = Math.min(by * 8 + y, d.rows() - 1);
                    for (int x = 0; x < 8; x++) {
                        int px = Math.min(bx * 8 + x, d.columns() - 1);
                        block[y * 8 + x] = samples.at(py * d.columns() + px) - levelShift;
                    }
                }
                forwardDct(block, rowPass);
                quantize(block, coefficients, b * 64);
            }
        }

        long[] dcFrequencies = new long[256];
        long[] acFrequencies = new long[256];
        entropyCode(coefficients, new SymbolSink() {
            @Override
            public void dc(int category, int value) {
                dcFrequencies[category]++;
            }

            @Override
            public void ac(int runAndCategory, int category, int value) {
                acFrequencies[runAndCategory]++;
            }
        });
        HuffmanTable dc = HuffmanTable.of(dcFrequencies);
        HuffmanTable ac = HuffmanTable.of(acFrequencies);

        JpegWriter out = new JpegWriter(coefficients.length / 4);
        out.marker(0xD8);
        writeQuantization(out);
        out.marker(0xC1);           // SOF1: extended sequential DCT, Huffman
        out.u16(8 + 3);
        out.u8(PRECISION);
        out.u16(d.rows());
        out.u16(d.columns());
        out.u8(1);
        out.u8(1);                  // component 1, sampled 1x1, quantization table 0
        out.u8(0x11);
        out.u8(0);
        dc.writeDht(out, 0, 0);
        ac.writeDht(out, 1, 0);
        out.marker(0xDA);
        out.u16(8);
        out.u8(1);
        out.u8(1);
        out.u8(0x00);               // DC table 0, AC table 0
        out.u8(0);                  // spectral selection 0..63, no successive approximation
        out.u8(63);
        out.u8(0);
        entropyCode(coefficients, new SymbolSink() {
            @Override
            public void dc(int category, int value) {
                out.bits(dc.code[category], dc.size[category]);
                out.bits(value < 0 ? value - 1 : value, category);
            }

            @Override
            public void ac(int runAndCategory, int category, int value) {
                out.bits(ac.code[runAndCategory], ac.size[runAndCategory]);
                out.bits(value < 0 ? value - 1 : value, category);
            }
        });
        out.flushBits();
        out.marker(0xD9);
        return out.toByteArray();
    }

    private void writeQuantization(JpegWriter out) {
        boolean wide = false;
        for (int q : quantization) {
            wide |= q > 255;
        }
        out.marker(0xDB);
        out.u16(2 + 1 + 64 * (wide ? 2 : 1));
        out.u8((wide ? 1 : 0) << 4);   // Pq, Tq = 0
        for (int q : quantization) {
            if (wide) {
                out.u16(q);
            } else {
                out.u8(q);
            }
        }
    }

    /** In place: rows, then columns, F(v,u) = sum C(u)C(v)/4 f(y,x) cos cos. */
    private static void forwardDct(double[] block, double[] tmp) {
        for (int y = 0; y < 8; y++) {
            for (int u = 0; u < 8; u++) {
                double s = 0;
                for (int x = 0; x < 8; x++) {
                    s += BASIS[u][x] * block[y * 8 + x];
                }
                tmp[y * 8 + u] = s;
            }
        }
        for (int u = 0; u < 8; u++) {
            for (int v = 0; v < 8; v++) {
                double s = 0;
                for (int y = 0; y < 8; y++) {
                    s += BASIS[v][y] * tmp[y * 8 + u];
                }
                block[v * 8 + u] = s;
            }
        }
    }

    private void quantize(double[] dct, short[] out, int offset) {
        for (int k = 0; k < 64; k++) {
            long q = Math.round(dct[Jpeg12Decoder.ZIGZAG[k]] / quantization[k]);
            out[offset + k] = (short) Math.max(-MAX_AC, Math.min(MAX_AC, q));
        }
    }

    private interface SymbolSink {
        void dc(int category, int value);

        void ac(int runAndCategory, int category, int value);
    }

    /** T.81 F.1.2: DC differences, then runs of zeros with ZRL (F0) and EOB (00). */
    private static void entropyCode(short[] coefficients, SymbolSink sink) {
        int previousDc = 0;
        for (int b = 0; b < coefficients.length; b += 64) {
            int diff = coefficients[b] - previousDc;
            previousDc = coefficients[b];
            sink.dc(category(diff), diff);
            int run = 0;
            for (int k = 1; k < 64; k++) {
                int v = coefficients[b + k];
                if (v == 0) {
                    run++;
                    continue;
                }
                while (run > 15) {
                    sink.ac(0xF0, 0, 0);
                    run -= 16;
                }
                int s = category(v);
                sink.ac(run << 4 | s, s, v);
                run = 0;
            }
            if (run > 0) {
                sink.ac(0x00, 0, 0);
            }
        }
    }

    private static int category(int v) {
        return 32 - Integer.numberOfLeadingZeros(Math.abs(v));
    }
}
