package org.rayport.dicom.data.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.rayport.dicom.data.io.DicomParseException;

/**
 * Buffered input that knows its position and, for files, how many bytes are left, so
 * that the parser can reject lengths that cannot be right before allocating anything.
 */
public final class ByteInput {

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final long size;   // -1 if unknown (streams, inflated data)
    private final String where;
    private final byte[] buf = new byte[CHUNK];
    private int pos;
    private int lim;
    private long bufStart;
    private boolean bigEndian;

    public ByteInput(InputStream in, long size, String where) {
        this.in = in;
        this.size = size;
        this.where = where;
    }

    public void bigEndian(boolean bigEndian) {
        this.bigEndian = bigEndian;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public long position() {
        return bufStart + pos;
    }

    /** Bytes left before the end of input, or Long.MAX_VALUE when unknown. */
    public long remaining() {
        return size < 0 ? Long.MAX_VALUE : size - position();
    }

    public DicomParseException error(long offset, String problem) {
        return new DicomParseException(offset, problem + where);
    }

    /** Makes up to n bytes available in the buffer; returns how many are. */
    public int ensure(int n) throws IOException {
        if (lim - pos >= n) {
            return lim - pos;
        }
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        bufStart += pos;
        lim -= pos;
        pos = 0;
        while (lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                break;
            }
            lim += r;
        }
        return lim - pos;
    }

    public boolean atEnd() throws IOException {
        return ensure(1) == 0;
    }

    /** The byte at position()+i without consuming it; -1 at end of input. */
    public int peek(int i) throws IOException {
        return ensure(i + 1) > i ? buf[pos + i] & 0xFF : -1;
    }

    private void require(int n) throws IOException {
        if (ensure(n) < n) {
            throw error(position(), "unexpected end of data, " + n + " more bytes needed");
        }
    }

    public int u8() throws IOException {
        require(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() throws IOException {
        require(2);
        int a = buf[pos++] & 0xFF;
        int b = buf[pos++] & 0xFF;
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    /** 32 bits, unsigned. */
    public long u32() throws IOException {
        require(4);
        long v = bigEndian ? (long) u16() << 16 | u16() : u16() | (long) u16() << 16;
        return v & 0xFFFFFFFFL;
    }

    /**
     * Reads a value of n bytes. Grows the array as data actually arrives, so a lying
     * length in a stream of unknown size ends in an error, not an OutOfMemoryError.
     */
    public byte[] bytes(long n) throws IOException {
        long start = position();
        if (n > Integer.MAX_VALUE - 8) {
            throw error(start, "value of " + n + " bytes is too large to load into memory");
        }
        if (n <= CHUNK) {
            require((int) n);
            byte[] b = new byte[(int) n];
            System.arraycopy(buf, pos, b, 0, (int) n);
            pos += (int) n;
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        long left = n;
        while (left > 0) {
            int want = (int) Math.min(left, CHUNK);
            int got = ensure(want);
            if (got == 0) {
                throw error(position(), "unexpected end of data in a value of " + n + " bytes starting at " + start);
            }
            int take = Math.min(got, want);
            out.write(buf, pos, take);
            pos += take;
            left -= take;
        }
        return out.toByteArray();
    }

    public void skip(long n) throws IOException {
        long left = n;
        int inBuffer = (int) Math.min(left, lim - pos);
        pos += inBuffer;
        left -= inBuffer;
        if (left == 0) {
            return;
        }
        // Buffer is empty here: skip in the underlying stream (a seek for files).
        bufStart += pos + left;
        pos = 0;
        lim = 0;
        long start = bufStart - left;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw error(start, "unexpected end of data while skipping " + n + " bytes");
                }
                s = 1;
            }
            left -= s;
        }
    }

    /** The rest of the input as a stream, starting at position() (for inflating). */
    public InputStream rest() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return ensure(1) == 0 ? -1 : buf[pos++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = Math.min(ensure(1), len);
                if (n == 0) {
                    return -1;
                }
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
