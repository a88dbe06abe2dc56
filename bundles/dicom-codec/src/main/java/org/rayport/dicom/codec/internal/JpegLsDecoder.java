package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/**
 * JPEG-LS decoder (ITU-T T.87 / ISO 14495-1), lossless and near-lossless, 2 to 16 bits, one component or several
 * in separate scans (no interleave) or line interleave, with optional LSE preset parameters. Written here because
 * no Java JPEG-LS implementation is published on Maven Central (CharLS is C++; dcm4che wraps native code).
 * Sample interleave and mapping tables are not supported and are reported as such.
 */
public final class JpegLsDecoder implements FrameDecoder {

    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10,
        11, 12, 13, 14, 15};

    @Override
    public ImagePixelDescription decodedDescription(ImagePixelDescription stored) {
        return stored.withPlanarConfiguration(0);
    }

    @Override
    public void decode(byte[] in, ImagePixelDescription stored, byte[] out) throws PixelDataException {
        ImagePixelDescription d = decodedDescription(stored);
        if (in.length < 4 || (in[0] & 0xFF) != 0xFF || (in[1] & 0xFF) != 0xD8) {
            throw new PixelDataException("not a JPEG-LS stream: no SOI marker (FFD8) at offset 0");
        }
        Frame frame = null;
        int[] preset = new int[5];   // MAXVAL, T1, T2, T3, RESET; 0 = default
        int pos = 2;
        int componentsDone = 0;
        while (true) {
            if (pos + 2 > in.length) {
                throw new PixelDataException("JPEG-LS stream ends at offset " + pos + " before EOI");
            }
            if ((in[pos] & 0xFF) != 0xFF) {
                throw new PixelDataException("JPEG-LS stream: marker expected at offset " + pos);
            }
            int marker = in[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xD9) {
                break;
            }
            if (pos + 4 > in.length) {
                throw new PixelDataException("JPEG-LS segment at offset " + pos + " is truncated");
            }
            int length = u16(in, pos + 2);
            if (length < 2 || pos + 2 + length > in.length) {
                throw new PixelDataException("JPEG-LS segment FF" + Integer.toHexString(marker).toUpperCase()
                        + " at offset " + pos + " has a length of " + length + " beyond the stream");
            }
            int body = pos + 4;
            if (marker == 0xF7) {
                frame = new Frame(in[body] & 0xFF, u16(in, body + 1), u16(in, body + 3), in[body + 5] & 0xFF);
                if (frame.columns != d.columns() || frame.rows != d.rows() || frame.components != d.samplesPerPixel()
                        || frame.precision < 2 || frame.precision > 16) {
                    throw new PixelDataException("JPEG-LS frame is " + frame.columns + " x " + frame.rows + " with "
                            + frame.components + " components of " + frame.precision + " bits; the data set says "
                            + d.columns() + " x " + d.rows() + " with " + d.samplesPerPixel() + " samples");
                }
                pos += 2 + length;
            } else if (marker == 0xF8) {
                if ((in[body] & 0xFF) != 1) {
                    throw new PixelDataException("JPEG-LS LSE segment of type " + (in[body] & 0xFF)
                            + " (mapping tables) is not supported");
                }
                for (int i = 0; i < 5; i++) {
                    preset[i] = u16(in, body + 1 + 2 * i);
                }
                pos += 2 + length;
            } else if (marker == 0xDA) {
                if (frame == null) {
                    throw new PixelDataException("JPEG-LS scan at offset " + pos + " before the frame header (SOF55)");
                }
                int scanComponents = in[body] & 0xFF;
                int near = in[body + 1 + 2 * scanComponents] & 0xFF;
                int interleave = in[body + 2 + 2 * scanComponents] & 0xFF;
                int pointTransform = in[body + 3 + 2 * scanComponents] & 0x0F;
                if (pointTransform != 0 || interleave > 1 || scanComponents < 1
                        || componentsDone + scanComponents > frame.components) {
                    throw new PixelDataException("JPEG-LS scan at offset " + pos + " with " + scanComponents
                            + " components, interleave " + interleave + ", point transform " + pointTransform
                            + " is not supported");
                }
                Scan scan = new Scan(in, pos + 2 + length, frame, d, preset, near, out);
                pos = scan.decode(componentsDone, scanComponents, interleave);
                componentsDone += scanComponents;
            } else {
                pos += 2 + length;   // APPn, COM and others carry nothing we need
            }
        }
        if (frame == null || componentsDone != frame.components) {
            throw new PixelDataException("JPEG-LS stream ends after " + componentsDone + " of "
                    + (frame == null ? "?" : frame.components) + " components");
        }
    }

    private record Frame(int precision, int rows, int columns, int components) {
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    /** The state of one scan: parameters, contexts, and the bit reader. */
    private static final class Scan {
        private final byte[] in;
        private final ImagePixelDescription d;
        private final byte[] out;
        private final int near;
        private final int maxval;
        private final int t1;
        private final int t2;
        private final int t3;
        private final int reset;
        private final int range;
        private final int qbpp;
        private final int limit;
        private final int[] a = new int[367];
        private final int[] b = new int[367];
        private final int[] c = new int[367];
        private final int[] n = new int[367];
        private final int[] nn = new int[367];
        private int pos;
        private int bitBuffer;
        private int bitsLeft;
        private boolean afterFF;

        Scan(byte[] in, int start, Frame frame, ImagePixelDescription d, int[] preset, int near, byte[] out)
                throws PixelDataException {
            this.in = in;
            this.pos = start;
            this.d = d;
            this.out = out;
            this.near = near;
            this.maxval = preset[0] != 0 ? preset[0] : (1 << frame.precision) - 1;
            if (near > Math.min(255, maxval / 2)) {
                throw new PixelDataException("JPEG-LS NEAR of " + near + " is out of range for MAXVAL " + maxval);
            }
            int[] defaults = defaultThresholds(maxval, near);
            this.t1 = preset[1] != 0 ? preset[1] : defaults[0];
            this.t2 = preset[2] != 0 ? preset[2] : defaults[1];
            this.t3 = preset[3] != 0 ? preset[3] : defaults[2];
            this.reset = preset[4] != 0 ? preset[4] : 64;
            this.range = (maxval + 2 * near) / (2 * near + 1) + 1;
            this.qbpp = ceilLog2(range);
            int bpp = Math.max(2, ceilLog2(maxval + 1));
            this.limit = 2 * (bpp + Math.max(8, bpp));
            int initialA = Math.max(2, (range + 32) / 64);
            java.util.Arrays.fill(a, initialA);
            java.util.Arrays.fill(n, 1);
        }

        private static int[] defaultThresholds(int maxval, int near) {
            int t1;
            int t2;
            int t3;
            if (maxval >= 128) {
                int factor = (Math.min(maxval, 4095) + 128) / 256;
                t1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1, maxval);
                t2 = clamp(factor * (7 - 3) + 3 + 5 * near, t1, maxval);
                t3 = clamp(factor * (21 - 4) + 4 + 7 * near, t2, maxval);
            } else {
                int factor = 256 / (maxval + 1);
                t1 = clamp(Math.max(2, 3 / factor + 3 * near), near + 1, maxval);
                t2 = clamp(Math.max(3, 7 / factor + 5 * near), t1, maxval);
                t3 = clamp(Math.max(4, 21 / factor + 7 * near), t2, maxval);
            }
            return new int[] {t1, t2, t3};
        }

        private static int clamp(int i, int j, int maxval) {
            return i > maxval || i < j ? j : i;
        }

        private static int ceilLog2(int v) {
            int k = 0;
            while ((1 << k) < v) {
                k++;
            }
            return k;
        }

        /** Decodes the scan; returns the offset of the marker that follows it. */
        int decode(int firstComponent, int components, int interleave) throws PixelDataException {
            int width = d.columns();
            // Lines with one extra sample on each side: index 0 is x = -1, index width + 1 is x = width.
            int[][] previous = new int[components][width + 2];
            int[][] current = new int[components][width + 2];
            int[] runIndex = new int[components];
            int rows = d.rows();
            if (interleave == 0 && components > 1) {
                // Several components in one non-interleaved scan follow each other, each a whole image.
                for (int comp = 0; comp < components; comp++) {
                    for (int y = 0; y < rows; y++) {
                        decodeLine(previous[comp], current[comp], runIndex, comp, width);
                        store(current[comp], firstComponent + comp, y);
                        int[] t = previous[comp];
                        previous[comp] = current[comp];
                        current[comp] = t;
                    }
                }
            } else {
                for (int y = 0; y < rows; y++) {
                    for (int comp = 0; comp < components; comp++) {
                        decodeLine(previous[comp], current[comp], runIndex, comp, width);
                        store(current[comp], firstComponent + comp, y);
                        int[] t = previous[comp];
                        previous[comp] = current[comp];
                        current[comp] = t;
                    }
                }
            }
            return endOfScan();
        }

        private void decodeLine(int[] prev, int[] cur, int[] runIndex, int comp, int width) throws PixelDataException {
            prev[width + 1] = prev[width];
            cur[0] = prev[1];
            int x = 1;
            while (x <= width) {
                int ra = cur[x - 1];
                int rb = prev[x];
                int rc = prev[x - 1];
                int rd = prev[x + 1];
                int d1 = rd - rb;
                int d2 = rb - rc;
                int d3 = rc - ra;
                if (Math.abs(d1) <= near && Math.abs(d2) <= near && Math.abs(d3) <= near) {
                    x = decodeRun(prev, cur, x, width, runIndex, comp);
                } else {
                    cur[x] = decodeRegular(quantize(d1), quantize(d2), quantize(d3), ra, rb, rc);
                    x++;
                }
            }
        }

        private int quantize(int di) {
            if (di <= -t3) {
                return -4;
            } else if (di <= -t2) {
                return -3;
            } else if (di <= -t1) {
                return -2;
            } else if (di < -near) {
                return -1;
            } else if (di <= near) {
                return 0;
            } else if (di < t1) {
                return 1;
            } else if (di < t2) {
                return 2;
            } else if (di < t3) {
                return 3;
            }
            return 4;
        }

        private int decodeRegular(int q1, int q2, int q3, int ra, int rb, int rc) throws PixelDataException {
            int q = (q1 * 9 + q2) * 9 + q3;
            int sign = 1;
            if (q < 0) {
                sign = -1;
                q = -q;
            }
            int px;
            if (rc >= Math.max(ra, rb)) {
                px = Math.min(ra, rb);
            } else if (rc <= Math.min(ra, rb)) {
                px = Math.max(ra, rb);
            } else {
                px = ra + rb - rc;
            }
            px += sign * c[q];
            px = px < 0 ? 0 : Math.min(px, maxval);
            int k = 0;
            while ((n[q] << k) < a[q]) {
                if (++k > 24) {
                    throw new PixelDataException("JPEG-LS context state is corrupt near offset " + pos);
                }
            }
            int mapped = decodeValue(k, limit);
            int errval = (mapped & 1) == 0 ? mapped >> 1 : -((mapped + 1) >> 1);
            if (near == 0 && k == 0 && 2 * b[q] <= -n[q]) {
                errval = -errval - 1;
            }
            // Context update (T.87 A.6) with the error in the context's sign.
            b[q] += errval * (2 * near + 1);
            a[q] += Math.abs(errval);
            if (n[q] == reset) {
                a[q] >>= 1;
                b[q] = b[q] >= 0 ? b[q] >> 1 : -((1 - b[q]) >> 1);
                n[q] >>= 1;
            }
            n[q]++;
            if (b[q] <= -n[q]) {
                b[q] += n[q];
                if (c[q] > -128) {
                    c[q]--;
                }
                if (b[q] <= -n[q]) {
                    b[q] = -n[q] + 1;
                }
            } else if (b[q] > 0) {
                b[q] -= n[q];
                if (c[q] < 127) {
                    c[q]++;
                }
                if (b[q] > 0) {
                    b[q] = 0;
                }
            }
            return reconstruct(px, sign * errval);
        }

        private int reconstruct(int px, int errval) {
            int value = px + errval * (2 * near + 1);
            if (value < -near) {
                value += range * (2 * near + 1);
            } else if (value > maxval + near) {
                value -= range * (2 * near + 1);
            }
            return value < 0 ? 0 : Math.min(value, maxval);
        }

        /** Run mode (T.87 A.7): returns the position after the run and its interruption sample. */
        private int decodeRun(int[] prev, int[] cur, int x, int width, int[] runIndex, int comp)
                throws PixelDataException {
            int ra = cur[x - 1];
            int remaining = width - x + 1;
            int count = 0;
            while (readBit() == 1) {
                int step = Math.min(1 << J[runIndex[comp]], remaining - count);
                count += step;
                if (step == 1 << J[runIndex[comp]] && runIndex[comp] < 31) {
                    runIndex[comp]++;
                }
                if (count == remaining) {
                    break;
                }
            }
            if (count != remaining) {
                count += J[runIndex[comp]] > 0 ? readBits(J[runIndex[comp]]) : 0;
            }
            if (count > remaining) {
                throw new PixelDataException("JPEG-LS run of " + count + " samples overruns the line near offset " + pos);
            }
            for (int i = 0; i < count; i++) {
                cur[x + i] = ra;
            }
            x += count;
            if (count == remaining) {
                return x;
            }
            int rb = prev[x];
            int riType = Math.abs(ra - rb) <= near ? 1 : 0;
            int q = 365 + riType;
            int temp = riType == 0 ? a[q] : a[q] + (n[q] >> 1);
            int k = 0;
            while ((n[q] << k) < temp) {
                if (++k > 24) {
                    throw new PixelDataException("JPEG-LS run context state is corrupt near offset " + pos);
                }
            }
            int mapped = decodeValue(k, limit - J[runIndex[comp]] - 1);
            int t = mapped + riType;
            boolean map = (t & 1) == 1;
            int absolute = (t + (map ? 1 : 0)) / 2;
            int errval = (k != 0 || 2 * nn[q] >= n[q]) == map ? -absolute : absolute;
            if (errval < 0) {
                nn[q]++;
            }
            a[q] += (mapped + 1 - riType) >> 1;
            if (n[q] == reset) {
                a[q] >>= 1;
                n[q] >>= 1;
                nn[q] >>= 1;
            }
            n[q]++;
            cur[x] = riType == 1 ? reconstruct(ra, errval) : reconstruct(rb, rb >= ra ? errval : -errval);
            if (runIndex[comp] > 0) {
                runIndex[comp]--;
            }
            return x + 1;
        }

        /** Limited-length Golomb code (T.87 A.5.3). */
        private int decodeValue(int k, int limitHere) throws PixelDataException {
            int zeros = 0;
            while (readBit() == 0) {
                if (++zeros > limitHere) {
                    throw new PixelDataException("JPEG-LS code longer than its limit of " + limitHere
                            + " bits near offset " + pos);
                }
            }
            if (zeros >= limitHere - qbpp - 1) {
                return readBits(qbpp) + 1;
            }
            return k == 0 ? zeros : (zeros << k) + readBits(k);
        }

        private int readBits(int count) throws PixelDataException {
            int v = 0;
            for (int i = 0; i < count; i++) {
                v = v << 1 | readBit();
            }
            return v;
        }

        /** One bit; after an FF byte only 7 bits of the next byte count (T.87 A.1), and FF 80+ is a marker. */
        private int readBit() throws PixelDataException {
            if (bitsLeft == 0) {
                if (pos >= in.length) {
                    throw new PixelDataException("JPEG-LS scan data is truncated at offset " + pos);
                }
                int next = in[pos] & 0xFF;
                if (afterFF) {
                    if (next >= 0x80) {
                        throw new PixelDataException("JPEG-LS scan data ends at the marker at offset " + (pos - 1)
                                + " before all samples are decoded");
                    }
                    bitsLeft = 7;
                } else {
                    bitsLeft = 8;
                }
                bitBuffer = next;
                afterFF = next == 0xFF;
                pos++;
            }
            bitsLeft--;
            return (bitBuffer >> bitsLeft) & 1;
        }

        private int endOfScan() throws PixelDataException {
            // The scan ends at the next marker: FF followed by a byte with its high bit set.
            int p = pos;
            while (p + 1 < in.length && !((in[p] & 0xFF) == 0xFF && (in[p + 1] & 0xFF) >= 0x80)) {
                p++;
            }
            if (p + 1 >= in.length) {
                throw new PixelDataException("JPEG-LS stream has no marker after the scan data (missing EOI)");
            }
            return p;
        }

        private void store(int[] line, int component, int y) {
            int samples = d.samplesPerPixel();
            int bytes = d.bytesPerSample();
            int shift = 32 - d.bitsStored();
            int o = (y * d.columns() * samples + component) * bytes;
            for (int x = 1; x <= d.columns(); x++, o += samples * bytes) {
                int v = line[x];
                if (d.isSigned()) {
                    v = (v << shift) >> shift;
                }
                out[o] = (byte) v;
                if (bytes == 2) {
                    out[o + 1] = (byte) (v >> 8);
                }
            }
        }
    }
}
