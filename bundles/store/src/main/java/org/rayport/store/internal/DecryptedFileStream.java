package org.rayport.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The plain text of an encrypted instance file as a stream (what {@code openStream} hands out). Its header is checked
 * when it is opened; Tink's seekable channel (and its two segment-sized buffers) is only set up when the stream is
 * read or skipped. {@link #transferTo} on a stream not yet read decrypts segment by segment through the caller's
 * {@link InstanceCipher.SegmentBuffers} instead, straight into the target: one copy less and no buffers per file,
 * which is what a download that sends whole files (WADO-RS, ZIP as stored) does.
 */
final class DecryptedFileStream extends InputStream {

    private final InstanceCipher cipher;
    private final InstanceCipher.OpenedFile opened;
    private final byte[] associatedData;
    private final InstanceCipher.SegmentBuffers buffers;
    private final Runnable onClose;
    private InputStream reading;
    private boolean closed;

    /** {@code onClose} runs once, after the file is closed (releases the read lease). */
    DecryptedFileStream(InstanceCipher cipher, InstanceCipher.OpenedFile opened, byte[] associatedData,
                        InstanceCipher.SegmentBuffers buffers, Runnable onClose) {
        this.cipher = cipher;
        this.opened = opened;
        this.associatedData = associatedData;
        this.buffers = buffers;
        this.onClose = onClose;
    }

    private InputStream reading() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (reading == null) {
            reading = new SeekableInput(cipher.decrypt(opened, associatedData));
        }
        return reading;
    }

    @Override
    public int read() throws IOException {
        return reading().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return reading().read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return reading().skip(n);
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        if (reading != null || closed) {
            return reading().transferTo(out);
        }
        reading = InputStream.nullInputStream();   // the file is read to its end: later reads see nothing more
        long[] written = new long[1];
        cipher.copyPlain(opened, associatedData, new CountingTarget(out, written), buffers);
        return written[0];
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (reading != null) {
                reading.close();
            }
        } finally {
            try {
                opened.channel().close();
            } finally {
                onClose.run();
            }
        }
    }

    /** Counts what passes, for {@code transferTo}'s answer; writes go through unchanged (no buffering). */
    private static final class CountingTarget extends OutputStream {
        private final OutputStream out;
        private final long[] count;

        CountingTarget(OutputStream out, long[] count) {
            this.out = out;
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count[0]++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count[0] += len;
        }
    }
}
