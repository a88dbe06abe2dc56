package org.rayport.store.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@link InstanceCipher#copyPlain}, the download path that decrypts segment by segment into reused buffers, against
 * files written by the store's encrypting stream (the format every stored file has): the same bytes as Tink's own
 * decrypting channel for one and many segments and at segment boundaries, and a changed or missing segment refused
 * before any of its bytes are written.
 */
public class SegmentCopyTest {

    private static final int SEGMENT_KIB = 16;
    /** Tink's plain-text segment sizes for 16 KiB ciphertext segments: the first one also holds the 40-byte header. */
    private static final int FIRST_PLAIN = 16 * 1024 - 40 - 16;
    private static final int PLAIN = 16 * 1024 - 16;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final InstanceCipher cipher = new InstanceCipher(new Random(7).ints(32).collect(ByteArrayOutputStream::new,
            (out, i) -> out.write(i), (a, b) -> a.write(b.toByteArray(), 0, b.size())).toByteArray(), SEGMENT_KIB);
    private final byte[] associatedData = InstanceCipher.associatedData("default", "1.2.3");

    @Test
    public void oneAndManySegmentsAndSegmentBoundariesDecryptAsTinksChannelDoes() throws Exception {
        InstanceCipher.SegmentBuffers buffers = new InstanceCipher.SegmentBuffers();
        for (int length : new int[] {0, 1, FIRST_PLAIN - 1, FIRST_PLAIN, FIRST_PLAIN + 1, FIRST_PLAIN + PLAIN,
                FIRST_PLAIN + 5 * PLAIN + 123, 300_000}) {
            byte[] plain = random(length);
            Path file = encrypted(plain);
            ByteArrayOutputStream copied = new ByteArrayOutputStream();
            cipher.copyPlain(cipher.open(file), associatedData, copied, buffers);
            assertArrayEquals("length " + length, plain, copied.toByteArray());
            try (InputStream channel = Channels.newInputStream(cipher.decrypt(file, associatedData))) {
                assertArrayEquals("length " + length + ", Tink's channel", plain, channel.readAllBytes());
            }
        }
    }

    @Test
    public void aChangedSegmentIsRefusedBeforeAnyOfItsBytesAreWritten() throws Exception {
        byte[] plain = random(FIRST_PLAIN + 5 * PLAIN);
        Path file = encrypted(plain);
        byte[] raw = Files.readAllBytes(file);
        // The third segment (number 2): Rayport's 8-byte header, then 16 KiB ciphertext segments (Tink's header first).
        raw[InstanceCipher.HEADER_LENGTH + 2 * 16 * 1024 + 100] ^= 0x01;
        Files.write(file, raw);

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        IOException refused = assertThrows(IOException.class, () -> cipher.copyPlain(cipher.open(file),
                associatedData, written, new InstanceCipher.SegmentBuffers()));
        assertTrue(refused.getMessage(), refused.getMessage().contains("segment 2"));
        assertTrue(refused.getMessage(), refused.getMessage().contains(file.toString()));
        assertArrayEquals("exactly the first two segments went out", Arrays.copyOf(plain, FIRST_PLAIN + PLAIN),
                written.toByteArray());
    }

    @Test
    public void aMissingLastSegmentOrOtherAssociatedDataIsRefused() throws Exception {
        byte[] plain = random(FIRST_PLAIN + 2 * PLAIN + 10);
        Path file = encrypted(plain);
        Path truncated = temp.newFile().toPath();
        byte[] raw = Files.readAllBytes(file);
        Files.write(truncated, Arrays.copyOf(raw, InstanceCipher.HEADER_LENGTH + 3 * 16 * 1024));
        IOException cut = assertThrows(IOException.class, () -> cipher.copyPlain(cipher.open(truncated),
                associatedData, OutputStream.nullOutputStream(), new InstanceCipher.SegmentBuffers()));
        assertTrue(cut.getMessage(), cut.getMessage().contains("failed authentication in segment 2"));

        IOException swapped = assertThrows(IOException.class, () -> cipher.copyPlain(cipher.open(file),
                InstanceCipher.associatedData("default", "9.9.9"), OutputStream.nullOutputStream(),
                new InstanceCipher.SegmentBuffers()));
        assertTrue(swapped.getMessage(), swapped.getMessage().contains("failed authentication in segment 0"));
    }

    @Test
    public void aStreamReadFirstThenTransferredGivesTheRestAndBuffersAreShared() throws Exception {
        byte[] plain = random(FIRST_PLAIN + 3 * PLAIN + 7);
        Path file = encrypted(plain);
        InstanceCipher.SegmentBuffers buffers = new InstanceCipher.SegmentBuffers();
        int[] released = new int[1];
        try (DecryptedFileStream in = new DecryptedFileStream(cipher, cipher.open(file), associatedData, buffers,
                () -> released[0]++)) {
            byte[] head = in.readNBytes(1000);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            assertEquals(plain.length - 1000, in.transferTo(rest));
            assertArrayEquals(plain, concat(head, rest.toByteArray()));
        }
        assertEquals(1, released[0]);
        for (int i = 0; i < 2; i++) {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            try (DecryptedFileStream in = new DecryptedFileStream(cipher, cipher.open(file), associatedData, buffers,
                    () -> released[0]++)) {
                assertEquals(plain.length, in.transferTo(whole));
                assertEquals(-1, in.read());
            }
            assertArrayEquals(plain, whole.toByteArray());
        }
        assertEquals(3, released[0]);
    }

    private Path encrypted(byte[] plain) throws IOException {
        Path file = temp.newFile().toPath();
        try (OutputStream out = Files.newOutputStream(file); OutputStream enc = cipher.encrypt(out, associatedData)) {
            enc.write(plain);
        }
        return file;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
