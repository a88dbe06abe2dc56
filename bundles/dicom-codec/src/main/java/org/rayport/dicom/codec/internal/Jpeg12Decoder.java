package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/**
 * Sequential Huffman DCT JPEG of 12-bit precision (process 4, ITU-T T.81 Annex F), one component, with restart
 * intervals. Written here because neither the JDK's reader nor TwelveMonkeys decodes 12-bit DCT ("Unsupported JPEG
 * data precision 12"). The inverse DCT is a separable floating point one; results may differ from IJG's integer
 * IDCT by a level or so.
 */
final class Jpeg12Decoder {

    static final int[] ZIGZAG = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41,
        34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
        45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

    private final int[][] quant = new int[4][];
    private final Huffman[][] huffman = new Huffman[2][4];
    private byte[] in;
    private int pos;
    private int bitBuffer;
    private int bitCount;

    private static final class Huffman {
        final int[] maxCode = new int[18];
        final int[] valPtr = new int[17];
        final int[] minCode = new int[17];
        final int[] values;

        Huffman(int[] bits, int[] values) {
            this.values = values;
            int code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++) {
                valPtr[length] = k;
                minCode[length] = code;
                code += bits[length];
                k += bits[length];
                maxCode[length] = bits[length] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }
    }

    void decode(byte[] data, ImagePixelDescription d, byte[] out) throws PixelDataException {
        this.in = data;
        if (d.samplesPerPixel() != 1) {
            throw new PixelDataException("12-bit JPEG is decoded for one component only, not " + d.samplesPerPixel());
        }
        pos = 2;
        int precision = 0;
        int restartInterval = 0;
        int quantTable = 0;
        while (true) {
            if (pos + 4 > in.length || (in[pos] & 0xFF) != 0xFF) {
                throw new PixelDataException("JPEG stream: marker expected at offset " + pos);
            }
            int marker = in[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            int length = (in[pos + 2] & 0xFF) << 8 | (in[pos + 3] & 0xFF);
            int body = pos + 4;
            int end = pos + 2 + length;
            if (length < 2 || end > in.length) {
                throw new PixelDataException("JPEG segment at offset " + pos + " runs beyond the stream");
            }
            if (marker == 0xDB) {
                for (int p = body; p < end; ) {
                    int pq = (in[p] & 0xFF) >> 4;
                    int id = in[p] & 3;
                    p++;
                    int[] table = new int[64];
                    for (int i = 0; i < 64; i++) {
                        if (p + (pq == 1 ? 2 : 1) > end) {
                            throw new PixelDataException("JPEG DQT segment at offset " + pos + " is truncated");
                        }
                        table[i] = pq == 1 ? (in[p] & 0xFF) << 8 | (in[p + 1] & 0xFF) : in[p] & 0xFF;
                        p += pq == 1 ? 2 : 1;
                    }
                    quant[id] = table;
                }
            } else if (marker == 0xC4) {
                for (int p = body; p < end; ) {
                    int tc = (in[p] & 0xFF) >> 4;
                    int th = in[p] & 3;
                    int[] bits = new int[17];
                    int count = 0;
                    for (int i = 1; i <= 16; i++) {
                        bits[i] = in[p + i] & 0xFF;
                        count += bits[i];
                    }
                    p += 17;
                    if (tc > 1 || count > 256 || p + count > end) {
                        throw new PixelDataException("JPEG DHT segment at offset " + pos + " is invalid");
                    }
                    int[] values = new int[count];
                    for (int i = 0; i < count; i++) {
                        values[i] = in[p + i] & 0xFF;
                    }
                    p += count;
                    huffman[tc][th] = new Huffman(bits, values);
                }
            } else if (marker == 0xC0 || marker == 0xC1) {
                precision = in[body] & 0xFF;
                int rows = (in[body + 1] & 0xFF) << 8 | (in[body + 2] & 0xFF);
                int columns = (in[body + 3] & 0xFF) << 8 | (in[body + 4] & 0xFF);
                if (rows != d.rows() || columns != d.columns() || (in[body + 5] & 0xFF) != 1) {
                    throw new PixelDataException("JPEG frame is " + columns + " x " + rows + " with "
                            + (in[body + 5] & 0xFF) + " components; the data set says " + d.columns() + " x " + d.rows()
                            + " with 1");
                }
                quantTable = in[body + 8] & 3;
            } else if (marker == 0xDD) {
                restartInterval = (in[body] & 0xFF) << 8 | (in[body + 1] & 0xFF);
            } else if (marker == 0xDA) {
                int td = (in[body + 2] & 0xFF) >> 4;
                int ta = in[body + 2] & 3;
                pos = end;
                if (precision == 0 || quant[quantTable] == null || huffman[0][td] == null || huffman[1][ta] == null) {
                    throw new PixelDataException("JPEG scan without frame header, quantization or Huffman tables");
                }
                decodeScan(d, precision, quant[quantTable], huffman[0][td], huffman[1][ta], restartInterval, out);
                return;
            } else if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                throw new PixelDataException("JPEG process with marker FF" + Integer.toHexString(marker).toUpperCase()
                        + " (progressive or arithmetic) is not supported for 12 bits");
            }
            pos = end;
        }
    }

    private void decodeScan(ImagePixelDescription d, int precision, int[] q, Huffman dc, Huffman ac, int restartInterval,
                            byte[] out) throws PixelDataException {
        int blocksX = (d.columns() + 7) / 8;
        int blocksY = (d.rows() + 7) / 8;
        int[] coefficients = new int[64];
        double[] block = new double[64];
        int prediction = 0;
        int max = (1 << precision) - 1;
        int shift = 1 << (precision - 1);
        int mcu = 0;
        for (int by = 0; by < blocksY; by++) {
            for (int bx = 0; bx < blocksX; bx++, mcu++) {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                    restart();
                    prediction = 0;
                }
                java.util.Arrays.fill(coefficients, 0);
                int t = decodeSymbol(dc);
                prediction += extend(receive(t), t);
                coefficients[0] = prediction * q[0];
                for (int k = 1; k < 64; k++) {
                    int rs = decodeSymbol(ac);
                    int r = rs >> 4;
                    int s = rs & 15;
                    if (s == 0) {
                        if (r != 15) {
                            break;
                        }
                        k += 15;
                        continue;
                    }
                    k += r;
                    if (k > 63) {
                        throw new PixelDataException("JPEG block with coefficients beyond 63 near offset " + pos);
                    }
                    coefficients[ZIGZAG[k]] = extend(receive(s), s) * q[k];
                }
                inverseDct(coefficients, block);
                for (int y = 0; y < 8; y++) {
                    int py = by * 8 + y;
                    if (py >= d.rows()) {
                        break;
                    }
                    for (int x = 0; x < 8; x++) {
                        int px = bx * 8 + x;
                        if (px >= d.columns()) {
                            break;
                        }
                        int v = (int) Math.round(block[y * 8 + x]) + shift;
                        v = v < 0 ? 0 : Math.min(v, max);
                        int o = 2 * (py * d.columns() + px);
                        out[o] = (byte) v;
                        out[o + 1] = (byte) (v >> 8);
                    }
                }
            }
        }
    }

    private static final double[][] COS = new double[8][8];

    static {
        for (int x = 0; x < 8; x++) {
            for (int u = 0; u < 8; u++) {
                COS[x][u] = (u == 0 ? Math.sqrt(0.5) : 1) * Math.cos((2 * x + 1) * u * Math.PI / 16) / 2;
            }
        }
    }

    private static void inverseDct(int[] c, double[] out) {
        double[] tmp = new double[64];
        for (int u = 0; u < 8; u++) {          // columns first: tmp[y][u] = sum_v C(v) c[v][u] cos
            for (int y = 0; y < 8; y++) {
                double s = 0;
                for (int v = 0; v < 8; v++) {
                    s += COS[y][v] * c[v * 8 + u];
                }
                tmp[y * 8 + u] = s;
            }
        }
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                double s = 0;
                for (int u = 0; u < 8; u++) {
                    s += COS[x][u] * tmp[y * 8 + u];
                }
                out[y * 8 + x] = s;
            }
        }
    }

    private void restart() throws PixelDataException {
        bitCount = 0;
        bitBuffer = 0;
        while (pos + 1 < in.length && !((in[pos] & 0xFF) == 0xFF && (in[pos + 1] & 0xFF) >= 0xD0
                && (in[pos + 1] & 0xFF) <= 0xD7)) {
            pos++;
        }
        if (pos + 1 >= in.length) {
            throw new PixelDataException("JPEG restart marker missing; the stream is truncated");
        }
        pos += 2;
    }

    private int decodeSymbol(Huffman h) throws PixelDataException {
        int code = bit();
        int length = 1;
        while (code > h.maxCode[length]) {
            code = code << 1 | bit();
            if (++length > 16) {
                throw new PixelDataException("invalid JPEG Huffman code near offset " + pos);
            }
        }
        int index = h.valPtr[length] + code - h.minCode[length];
        if (index < 0 || index >= h.values.length) {
            throw new PixelDataException("invalid JPEG Huffman code near offset " + pos);
        }
        return h.values[index];
    }

    private int receive(int count) throws PixelDataException {
        if (count > 16) {
            throw new PixelDataException("JPEG coefficient category " + count + " near offset " + pos);
        }
        int v = 0;
        for (int i = 0; i < count; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    private static int extend(int v, int t) {
        return t == 0 ? 0 : v < 1 << (t - 1) ? v - (1 << t) + 1 : v;
    }

    private int bit() throws PixelDataException {
        if (bitCount == 0) {
            if (pos >= in.length) {
                throw new PixelDataException("JPEG scan data is truncated at offset " + pos);
            }
            int b = in[pos] & 0xFF;
            if (b == 0xFF) {
                int next = pos + 1 < in.length ? in[pos + 1] & 0xFF : -1;
                if (next == 0) {
                    pos += 2;
                } else {
                    throw new PixelDataException("JPEG scan data ends at offset " + pos + " before the image is complete");
                }
            } else {
                pos++;
            }
            bitBuffer = b;
            bitCount = 8;
        }
        bitCount--;
        return (bitBuffer >> bitCount) & 1;
    }
}
