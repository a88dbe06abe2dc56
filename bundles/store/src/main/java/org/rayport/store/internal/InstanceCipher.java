package org.rayport.store.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.StreamSegmentDecrypter;

/**
 * Encryption at rest of instance files with Tink's streaming AEAD AES-GCM-HKDF (AES-256-GCM per segment, a per-file
 * key derived by HKDF-SHA256 from the master key and a random salt, nonces built from a random prefix, the segment
 * number and a last-segment flag). Files of any size are written and read in constant memory, and read at any offset
 * by decrypting only the segments needed; reordering, truncating or changing a segment fails authentication.
 *
 * <p>File format: an 8-byte header of Rayport's own, {@code "RPS1"}, the master key number (u16, big endian) and the
 * ciphertext segment size in KiB (u16), then Tink's ciphertext (its 40-byte header: salt and nonce prefix, then the
 * segments). The associated data binds a file to its pool and SOP Instance UID, so files cannot be swapped unnoticed.
 */
final class InstanceCipher {

    static final int HEADER_LENGTH = 8;
    private static final byte[] MAGIC = {'R', 'P', 'S', '1'};
    private static final String HKDF = "HmacSha256";
    private static final int WARM_UP_ROUNDS = 2500;
    /** 48 KB in 0.25 ms is about 200 MB/s: compiled with the intrinsics (about 1 GB/s), not interpreted (30 MB/s). */
    private static final long FAST_ROUND_NANOS = 250_000;
    private static final int FAST_ROUNDS = 500;
    private static final long WARM_UP_LIMIT_SECONDS = 90;

    private final byte[] masterKey;
    private final int segmentKiB;
    private final Map<Integer, AesGcmHkdfStreaming> bySegmentKiB = new ConcurrentHashMap<>();

    InstanceCipher(byte[] masterKey, int segmentKiB) {
        this.masterKey = masterKey.clone();
        this.segmentKiB = segmentKiB;
        aead(segmentKiB);
    }

    static byte[] associatedData(String poolId, String sopInstanceUid) {
        return ("rayport-store/" + poolId + "/" + sopInstanceUid).getBytes(StandardCharsets.UTF_8);
    }

    /** Encrypted size of {@code plainBytes}, header included. */
    long encryptedSize(long plainBytes) {
        return HEADER_LENGTH + aead(segmentKiB).expectedCiphertextSize(plainBytes);
    }

    /** Writes the header to {@code file} and returns the stream that encrypts into it; close it to finish the file. */
    OutputStream encrypt(OutputStream file, byte[] associatedData) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        System.arraycopy(MAGIC, 0, header, 0, 4);
        header[4] = (byte) (MasterKeyFile.KEY_NUMBER >> 8);
        header[5] = (byte) MasterKeyFile.KEY_NUMBER;
        header[6] = (byte) (segmentKiB >> 8);
        header[7] = (byte) segmentKiB;
        file.write(header);
        try {
            return aead(segmentKiB).newEncryptingStream(file, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot start encryption: " + e.getMessage(), e);
        }
    }

    /** An encrypted file opened for reading: its header checked, the channel positioned after Rayport's header. */
    record OpenedFile(Path file, FileChannel channel, int segmentKiB) {
    }

    /** Opens {@code file} and checks Rayport's header (magic, master key number); the caller closes the channel. */
    OpenedFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // reads the whole header or reaches the end
            }
            byte[] h = header.array();
            if (header.hasRemaining() || h[0] != MAGIC[0] || h[1] != MAGIC[1] || h[2] != MAGIC[2] || h[3] != MAGIC[3]) {
                throw new IOException(file + " is not an encrypted Rayport instance file (no RPS1 header)");
            }
            int keyNumber = (h[4] & 0xFF) << 8 | (h[5] & 0xFF);
            if (keyNumber != MasterKeyFile.KEY_NUMBER) {
                throw new IOException(file + " is encrypted with master key number " + keyNumber
                        + ", which this server does not have");
            }
            return new OpenedFile(file, channel, (h[6] & 0xFF) << 8 | (h[7] & 0xFF));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The plain text of an encrypted file as a seekable channel (size and position in plain-text bytes). A failing
     * segment makes {@code read} throw an IOException that names the file.
     */
    SeekableByteChannel decrypt(Path file, byte[] associatedData) throws IOException {
        return decrypt(open(file), associatedData);
    }

    /** As {@link #decrypt(Path, byte[])}, over a file {@link #open}ed before; closing the channel closes the file. */
    SeekableByteChannel decrypt(OpenedFile opened, byte[] associatedData) throws IOException {
        try {
            SeekableByteChannel plain = aead(opened.segmentKiB())
                    .newSeekableDecryptingChannel(new OffsetChannel(opened.channel()), associatedData);
            return new Described(plain, opened.file());
        } catch (GeneralSecurityException e) {
            opened.channel().close();
            throw new IOException("Cannot decrypt " + opened.file() + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            opened.channel().close();
            throw e;
        }
    }

    /**
     * Writes the whole plain text of a file {@link #open}ed before (and not read from since) to {@code out}, segment
     * by segment through {@code buffers}. Each segment is authenticated (its GCM tag checked) before any of its bytes
     * reach {@code out}; a segment that fails stops the copy with an IOException naming the file and the segment.
     * Tink's own streams would allocate two segment-sized buffers per file; this allocates none once {@code buffers}
     * has its size.
     */
    void copyPlain(OpenedFile opened, byte[] associatedData, OutputStream out, SegmentBuffers buffers)
            throws IOException {
        AesGcmHkdfStreaming aead = aead(opened.segmentKiB());
        FileChannel channel = opened.channel();
        Path file = opened.file();
        try {
            ByteBuffer header = ByteBuffer.allocate(aead.getHeaderLength());
            readFully(channel, header);
            if (header.hasRemaining()) {
                throw new IOException("Encrypted instance file " + file + " is truncated (no stream header)");
            }
            header.flip();
            StreamSegmentDecrypter decrypter = aead.newStreamSegmentDecrypter();
            decrypter.init(header, associatedData);
            long left = channel.size() - channel.position();
            ByteBuffer ciphertext = buffers.ciphertext(aead.getCiphertextSegmentSize());
            ByteBuffer plain = buffers.plain(aead.getPlaintextSegmentSize());
            int segment = 0;
            int segmentLength = aead.getCiphertextSegmentSize() - aead.getCiphertextOffset();
            do {
                int length = (int) Math.min(left, segmentLength);
                boolean last = length == left;
                ciphertext.clear().limit(length);
                readFully(channel, ciphertext);
                if (ciphertext.hasRemaining()) {
                    throw new IOException("Encrypted instance file " + file + " changed while it was read");
                }
                ciphertext.flip();
                plain.clear();
                try {
                    decrypter.decryptSegment(ciphertext, segment, last, plain);
                } catch (GeneralSecurityException e) {
                    throw new IOException("Encrypted instance file " + file + " failed authentication in segment "
                            + segment + " (damaged or tampered with): " + e.getMessage(), e);
                }
                plain.flip();
                out.write(plain.array(), plain.arrayOffset(), plain.remaining());
                left -= length;
                segment++;
                segmentLength = aead.getCiphertextSegmentSize();
            } while (left > 0);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot decrypt " + file + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into) throws IOException {
        while (into.hasRemaining() && channel.read(into) >= 0) {
            // reads until full or at the end
        }
    }

    /**
     * The two segment-sized buffers of {@link #copyPlain}, kept by one reader (one thread) for all the files of a
     * retrieval: O(1) buffers per download instead of two per file.
     */
    static final class SegmentBuffers {
        private ByteBuffer ciphertext;
        private ByteBuffer plain;

        ByteBuffer ciphertext(int size) {
            if (ciphertext == null || ciphertext.capacity() < size) {
                ciphertext = ByteBuffer.allocate(size);
            }
            return ciphertext;
        }

        ByteBuffer plain(int size) {
            if (plain == null || plain.capacity() < size) {
                plain = ByteBuffer.allocate(size);
            }
            return plain;
        }
    }

    /** The plain text from {@code offset}, {@code length} bytes at most. */
    InputStream decryptRange(Path file, byte[] associatedData, long offset, long length) throws IOException {
        SeekableByteChannel plain = decrypt(file, associatedData);
        plain.position(offset);
        InputStream in = Channels.newInputStream(plain);
        return new FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = Math.max(0, Math.min(n, left));
                plain.position(plain.position() + skipped);
                left -= skipped;
                return skipped;
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    /**
     * Runs the encryption and decryption paths a few thousand times on small throw-away data (and a throw-away key) in a daemon
     * thread, so that the JIT compiles it with the AES-GCM intrinsics before instances arrive. Without it the first
     * few hundred instances of a freshly started server are encrypted by interpreted and C1 code: profiled at 4-16 ms
     * per 0.5 MB instance instead of 0.3 ms, because Tink calls the GHASH code only a few times per file and C2's
     * invocation thresholds are reached late. At least {@value #WARM_UP_ROUNDS} rounds (about 120 MB), then on until
     * {@value #FAST_ROUNDS} rounds in a row ran at compiled speed (a JFR profile of the pools benchmark showed the
     * plain-Java GHASH for the first 3 s of storing after a fixed number of rounds: the C2 queue is long while Karaf
     * boots, and the rounds had ended before the compiled code arrived), and never longer than
     * {@value #WARM_UP_LIMIT_SECONDS} s.
     */
    void warmUpInBackground() {
        Thread warmUp = new Thread(() -> {
            try {
                byte[] key = new byte[32];
                new java.security.SecureRandom().nextBytes(key);
                AesGcmHkdfStreaming small = new AesGcmHkdfStreaming(key, HKDF, 32, 16 * 1024, 0);
                byte[] chunk = new byte[16 * 1024];
                byte[] associatedData = associatedData("warm-up", "1");
                long deadline = System.nanoTime() + WARM_UP_LIMIT_SECONDS * 1_000_000_000L;
                int fastInARow = 0;
                java.io.ByteArrayOutputStream ciphertext = new java.io.ByteArrayOutputStream(64 * 1024);
                byte[] plain = new byte[16 * 1024];
                for (int round = 0; round < WARM_UP_ROUNDS || fastInARow < FAST_ROUNDS; round++) {
                    ciphertext.reset();
                    long start = System.nanoTime();
                    try (OutputStream out = small.newEncryptingStream(ciphertext, associatedData)) {
                        for (int i = 0; i < 3; i++) {
                            out.write(chunk);
                        }
                    }
                    long end = System.nanoTime();
                    fastInARow = end - start < FAST_ROUND_NANOS ? fastInARow + 1 : 0;
                    // The reading side too (WADO-RS and archives decrypt every file they send): Tink's segment
                    // decrypter and the JDK's GCM decryption are other methods than the encrypting ones.
                    try (InputStream in = small.newDecryptingStream(
                            new java.io.ByteArrayInputStream(ciphertext.toByteArray()), associatedData)) {
                        while (in.read(plain) >= 0) {
                            // decrypts and discards
                        }
                    }
                    if (end > deadline) {
                        break;
                    }
                }
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                // Only speed is at stake.
            }
        }, "rayport-store-crypto-warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
    }

    private AesGcmHkdfStreaming aead(int kib) {
        return bySegmentKiB.computeIfAbsent(kib, size -> {
            try {
                return new AesGcmHkdfStreaming(masterKey, HKDF, 32, size * 1024, 0);
            } catch (InvalidAlgorithmParameterException e) {
                throw new IllegalArgumentException("Unusable segment size " + size + " KiB: " + e.getMessage(), e);
            }
        });
    }

    /** The encrypted file less Rayport's header, as Tink expects its ciphertext. */
    private static final class OffsetChannel implements SeekableByteChannel {

        private final FileChannel file;

        OffsetChannel(FileChannel file) throws IOException {
            this.file = file;
            file.position(HEADER_LENGTH);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return file.position() - HEADER_LENGTH;
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            file.position(newPosition + HEADER_LENGTH);
            return this;
        }

        @Override
        public long size() throws IOException {
            return Math.max(0, file.size() - HEADER_LENGTH);
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** Adds the file's name to what Tink reports when a segment fails authentication. */
    private static final class Described implements SeekableByteChannel {

        private final SeekableByteChannel plain;
        private final Path file;

        Described(SeekableByteChannel plain, Path file) {
            this.plain = plain;
            this.file = file;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            long at = plain.position();
            if (at >= plain.size()) {
                return -1;   // Tink's channel answers 0 at the end, which readers would take for "try again"
            }
            int n;
            try {
                n = plain.read(dst);
            } catch (IOException e) {
                throw failed(at, e.getMessage(), e);
            }
            if (n == 0 && dst.hasRemaining()) {
                // Tink's channel answers 0 bytes, not an exception, when a segment does not authenticate.
                throw failed(at, "the segment does not decrypt", null);
            }
            return n;
        }

        private IOException failed(long at, String problem, IOException cause) {
            return new IOException("Encrypted instance file " + file + " failed authentication reading plain-text"
                    + " offset " + at + " (damaged or tampered with): " + problem, cause);
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() throws IOException {
            return plain.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            plain.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return plain.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return plain.isOpen();
        }

        @Override
        public void close() throws IOException {
            plain.close();
        }
    }
}
