package org.rayport.dicom.codec.internal;

import java.io.ByteArrayOutputStream;
import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header with up to 15 segment offsets, one PackBits segment per byte
 * plane of each sample, most significant byte first. Written here because no maintained Java library does DICOM
 * RLE (TwelveMonkeys' PackBits lacks the DICOM segment layout); it is about a hundred lines.
 */
public final class RleCodec implements FrameDecoder, FrameEncoder {

    private static final int HEADER_LENGTH = 64;
    private static final int MAX_SEGMENTS = 15;

    @Override
    public void decode(byte[] in, ImagePixelDescription d, byte[] out) throws PixelDataException {
        int bytesPerSample = d.bytesPerSample();
        int segments = d.samplesPerPixel() * bytesPerSample;
        if (d.bitsAllocated() == 1) {
            throw new PixelDataException("RLE of 1-bit pixel data is not supported");
        }
        if (in.length < HEADER_LENGTH) {
            throw new PixelDataException("RLE frame of " + in.length + " bytes is shorter than its 64-byte header");
        }
        int declared = u32(in, 0);
        if (declared != segments) {
            throw new PixelDataException("RLE header declares " + declared + " segments; " + d.samplesPerPixel()
                    + " samples of " + d.bitsAllocated() + " bits need " + segments);
        }
        int pixels = d.rows() * d.columns();
        for (int s = 0; s < segments; s++) {
            long start = u32(in, 4 + 4 * s) & 0xFFFFFFFFL;
            long end = s + 1 < segments ? u32(in, 8 + 4 * s) & 0xFFFFFFFFL : in.length;
            if (start < HEADER_LENGTH || end < start || end > in.length) {
                throw new PixelDataException("RLE segment " + s + " at offsets " + start + ".." + end
                        + " lies outside the frame of " + in.length + " bytes");
            }
            int sample = s / bytesPerSample;
            int significance = s % bytesPerSample;   // 0 = most significant byte
            int byteInSample = bytesPerSample - 1 - significance;
            int first;
            int step;
            if (d.planarConfiguration() == 0) {
                first = sample * bytesPerSample + byteInSample;
                step = d.samplesPerPixel() * bytesPerSample;
            } else {
                first = sample * pixels * bytesPerSample + byteInSample;
                step = bytesPerSample;
            }
            unpack(in, (int) start, (int) end, out, first, step, pixels, s);
        }
    }

    /** PackBits: n in 0..127 copies n+1 bytes; n in -127..-1 repeats the next byte 1-n times; -128 is a no-op. */
    private static void unpack(byte[] in, int pos, int end, byte[] out, int first, int step, int count, int segment)
            throws PixelDataException {
        int produced = 0;
        int o = first;
        while (produced < count) {
            if (pos >= end) {
                throw new PixelDataException("RLE segment " + segment + " ends at offset " + pos + " after "
                        + produced + " of " + count + " bytes");
            }
            int n = in[pos++];
            if (n >= 0) {
                int length = n + 1;
                if (pos + length > end || produced + length > count) {
                    throw new PixelDataException("RLE segment " + segment + ": literal run of " + length
                            + " bytes at offset " + (pos - 1) + " overruns the segment or the frame");
                }
                for (int i = 0; i < length; i++, o += step) {
                    out[o] = in[pos++];
                }
                produced += length;
            } else if (n != -128) {
                int length = 1 - n;
                if (pos >= end || produced + length > count) {
                    throw new PixelDataException("RLE segment " + segment + ": replicate run of " + length
                            + " bytes at offset " + (pos - 1) + " overruns the segment or the frame");
                }
                byte value = in[pos++];
                for (int i = 0; i < length; i++, o += step) {
                    out[o] = value;
                }
                produced += length;
            }
        }
    }

    @Override
    public void check(ImagePixelDescription d) throws PixelDataException {
        if (d.bitsAllocated() == 1 || d.samplesPerPixel() * d.bytesPerSample() > MAX_SEGMENTS) {
            throw new PixelDataException("RLE cannot hold " + d.samplesPerPixel() + " samples of " + d.bitsAllocated()
                    + " bits (at most 15 byte planes, no 1-bit data)");
        }
    }

    @Override
    public byte[] encode(byte[] raw, ImagePixelDescription d) throws PixelDataException {
        check(d);
        int bytesPerSample = d.bytesPerSample();
        int segments = d.samplesPerPixel() * bytesPerSample;
        int pixels = d.rows() * d.columns();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + HEADER_LENGTH);
        out.write(new byte[HEADER_LENGTH], 0, HEADER_LENGTH);
        int[] offsets = new int[segments];
        byte[] row = new byte[d.columns()];
        for (int s = 0; s < segments; s++) {
            offsets[s] = out.size();
            int sample = s / bytesPerSample;
            int byteInSample = bytesPerSample - 1 - s % bytesPerSample;
            int first = d.planarConfiguration() == 0 ? sample * bytesPerSample + byteInSample
                    : sample * pixels * bytesPerSample + byteInSample;
            int step = d.planarConfiguration() == 0 ? d.samplesPerPixel() * bytesPerSample : bytesPerSample;
            // Rows are encoded separately (PS3.5 G.3.1): a run never crosses a row boundary.
            for (int y = 0, o = first; y < d.rows(); y++) {
                for (int x = 0; x < row.length; x++, o += step) {
                    row[x] = raw[o];
                }
                pack(row, out);
            }
            if ((out.size() & 1) == 1) {
                out.write(0);
            }
        }
        byte[] encoded = out.toByteArray();
        put32(encoded, 0, segments);
        for (int s = 0; s < segments; s++) {
            put32(encoded, 4 + 4 * s, offsets[s]);
        }
        return encoded;
    }

    private static void pack(byte[] row, ByteArrayOutputStream out) {
        int i = 0;
        while (i < row.length) {
            int run = 1;
            while (i + run < row.length && run < 128 && row[i + run] == row[i]) {
                run++;
            }
            if (run >= 2) {
                out.write(1 - run);
                out.write(row[i]);
                i += run;
                continue;
            }
            int start = i;
            int length = 0;
            // A literal run ends where a repeat of at least 3 begins, or after 128 bytes.
            while (i < row.length && length < 128
                    && !(i + 2 < row.length && row[i] == row[i + 1] && row[i] == row[i + 2])) {
                i++;
                length++;
            }
            if (length == 0) {
                continue;
            }
            out.write(length - 1);
            out.write(row, start, length);
        }
    }

    private static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static void put32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }
}
