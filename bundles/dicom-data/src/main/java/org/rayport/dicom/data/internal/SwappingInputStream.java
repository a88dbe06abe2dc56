package org.rayport.dicom.data.internal;

import java.io.IOException;
import java.io.InputStream;

/** Reverses the bytes of each {@code unit}-byte number, converting big to little endian. */
public final class SwappingInputStream extends InputStream {

    private final InputStream in;
    private final int unit;
    private final byte[] buffer;
    private int pos;
    private int limit;

    public SwappingInputStream(InputStream in, int unit) {
        this.in = in;
        this.unit = unit;
        this.buffer = new byte[8192 - 8192 % unit];
    }

    private boolean fill() throws IOException {
        int n = in.readNBytes(buffer, 0, buffer.length);
        Bytes.swap(buffer, 0, n - n % unit, unit);
        pos = 0;
        limit = n;
        return n > 0;
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit && !fill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
