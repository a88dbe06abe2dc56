package org.rayport.dicom.codec;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.io.Part10Reader;

/** A temporary directory per test class and comparisons of pixels. */
abstract class PeerTestSupport {

    static Path newDirectory(String name) throws IOException {
        return Files.createTempDirectory("rayport-codec-" + name);
    }

    static void delete(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** All frames of {@code file}, decoded by Rayport, concatenated. */
    static byte[] decodeAll(Path file) throws IOException {
        DicomFile read = Part10Reader.read(file);
        PixelData pixels = PixelData.of(read.dataset(), read.transferSyntax());
        return pixels.decodedBulkData().readAllBytes();
    }

    /** The native pixel data of an uncompressed file. */
    static byte[] nativePixels(Path file) throws IOException {
        DicomFile read = Part10Reader.read(file);
        assertTrue(file + " is not uncompressed", !read.transferSyntax().encapsulated());
        return read.dataset().getBulkData(org.rayport.dicom.data.Tags.PIXEL_DATA).readAllBytes();
    }

    static void assertSamePixels(String what, byte[] expected, byte[] actual) {
        assertEquals(what + ": length", expected.length, actual.length);
        assertArrayEquals(what, expected, actual);
    }

    /** Largest absolute difference between samples (8 or 16 bits, signed or not). */
    static int maxDifference(byte[] a, byte[] b, ImagePixelDescription d) {
        assertEquals("lengths", a.length, b.length);
        int max = 0;
        if (d.bitsAllocated() == 8) {
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)));
            }
        } else {
            for (int i = 0; i + 1 < a.length; i += 2) {
                max = Math.max(max, Math.abs(sample(a, i, d) - sample(b, i, d)));
            }
        }
        return max;
    }

    static double psnr(byte[] original, byte[] decoded, ImagePixelDescription d) {
        double sum = 0;
        int n = 0;
        int step = d.bitsAllocated() == 8 ? 1 : 2;
        for (int i = 0; i + step - 1 < original.length; i += step) {
            int a = step == 1 ? original[i] & 0xFF : sample(original, i, d);
            int b = step == 1 ? decoded[i] & 0xFF : sample(decoded, i, d);
            sum += (double) (a - b) * (a - b);
            n++;
        }
        double peak = (1 << d.bitsStored()) - 1;
        return sum == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(peak * peak / (sum / n));
    }

    private static int sample(byte[] b, int i, ImagePixelDescription d) {
        int v = (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
        return d.isSigned() ? (short) v : v;
    }

    static void assertNoNewValidationErrors(Path dir, Path original, Path written) throws Exception {
        List<String> before = Peers.validationErrors(dir, original);
        List<String> after = Peers.validationErrors(dir, written);
        assertTrue("dciodvfy finds errors in " + written.getFileName() + " that the original does not have: " + after
                + " (original: " + before + ")", before.containsAll(after));
    }
}
