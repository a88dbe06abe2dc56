package org.rayport.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * A buffered stream over a seekable channel whose {@code skip} seeks, so skipped bulk data is never decrypted. Reads
 * of at least the buffer's size bypass the buffer, which is only allocated for smaller reads: a download copying a
 * file in large pieces never needs it (64 KiB less garbage per file sent).
 */
final class SeekableInput extends InputStream {

    private static final int BUFFER = 64 * 1024;
    private static final ByteBuffer NONE = ByteBuffer.allocate(0);

    private final SeekableByteChannel channel;
    private ByteBuffer buffer = NONE;

    SeekableInput(SeekableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer.get() & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!buffer.hasRemaining() && len >= BUFFER) {
            // A large read (a whole file read ahead, a big copy) goes straight into the caller's array: one copy less.
            int n = channel.read(ByteBuffer.wrap(b, off, len));
            if (n != 0) {
                return n;
            }
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        if (n <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) n);
            return n;
        }
        long here = channel.position() - buffer.remaining();
        long target = Math.min(here + n, channel.size());
        channel.position(target);
        if (buffer != NONE) {
            buffer.clear().flip();
        }
        return target - here;
    }

    private boolean fill() throws IOException {
        if (buffer == NONE) {
            buffer = ByteBuffer.allocate(BUFFER).flip();
        }
        while (!buffer.hasRemaining()) {
            buffer.clear();
            int n = channel.read(buffer);
            buffer.flip();
            if (n < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
