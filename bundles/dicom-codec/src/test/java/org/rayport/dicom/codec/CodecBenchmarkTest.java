package org.rayport.dicom.codec;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.io.Part10Reader;

/**
 * BENCHMARK, not a test of speed: prints encode and decode throughput (MB of uncompressed pixels per second, best
 * of three runs, file to file) of Rayport's codecs beside DCMTK's command line tools on the same files. DCMTK's
 * figures include starting its process (some milliseconds per run). It asserts only that every decoding is right:
 * lossless ones equal the original, lossy ones agree with dcmdjpeg within one level.
 */
public class CodecBenchmarkTest extends PeerTestSupport {

    /** Eight 512 x 512 frames of 12 bits: 4 MiB of pixels. */
    private static final TestImages.Spec IMAGE = new TestImages.Spec("bench", 512, 512, 1, 16, 12, false, 8);
    private static final int RUNS = 3;
    private static Path dir;

    private record Codec(String name, TransferSyntax syntax, List<String> dcmtkEncode, String dcmtkDecode,
                         boolean lossless) {
    }

    private interface Run {
        void run() throws Exception;
    }

    @BeforeClass
    public static void setUp() throws Exception {
        Peers.require("dcmcjpeg", "dcmdjpeg", "dcmcrle", "dcmdrle");
        dir = newDirectory("benchmark");
        TestImages.write(IMAGE, dir);
    }

    @AfterClass
    public static void tearDown() throws Exception {
        delete(dir);
    }

    @Test(timeout = 120_000)
    public void benchmarkRayportAgainstDcmtk() throws Exception {
        List<Codec> codecs = List.of(
                new Codec("RLE", TransferSyntax.RLE_LOSSLESS, List.of("dcmcrle"), "dcmdrle", true),
                new Codec("JPEG lossless SV1", TransferSyntax.JPEG_LOSSLESS_SV1, List.of("dcmcjpeg"), "dcmdjpeg", true),
                new Codec("JPEG extended 12-bit q90", TransferSyntax.JPEG_EXTENDED,
                        List.of("dcmcjpeg", "+ee", "+q", "90"), "dcmdjpeg", false));
        Path original = dir.resolve(IMAGE.name() + ".dcm");
        double megabytes = IMAGE.description().pixelDataLength() / 1e6;
        byte[] pixels = TestImages.pixels(IMAGE);
        System.out.printf("Codec benchmark: %d frames of %d x %d, %d bits stored, %.1f MB of pixels, best of %d%n",
                IMAGE.frames(), IMAGE.columns(), IMAGE.rows(), IMAGE.bitsStored(), megabytes, RUNS);
        for (Codec c : codecs) {
            String key = c.syntax().uid();
            Path ours = dir.resolve("rayport-" + key + ".dcm");
            Path theirs = dir.resolve("dcmtk-" + key + ".dcm");
            Path oursDecoded = dir.resolve("rayport-" + key + "-decoded.dcm");
            Path theirsDecoded = dir.resolve("dcmtk-" + key + "-decoded.dcm");
            DicomFile source = Part10Reader.read(original);
            double rayportEncode = best(() -> Transcoder.to(c.syntax()).withQuality(0.9f)
                    .write(source.dataset(), source.transferSyntax(), ours));
            double dcmtkEncode = best(() -> {
                String[] command = new String[c.dcmtkEncode().size() + 2];
                c.dcmtkEncode().toArray(command);
                command[command.length - 2] = original.getFileName().toString();
                command[command.length - 1] = theirs.getFileName().toString();
                Peers.ok(dir, command);
            });
            // Both decode the same file: Rayport's encoding.
            DicomFile compressed = Part10Reader.read(ours);
            double rayportDecode = best(() -> Transcoder.to(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                    .write(compressed.dataset(), compressed.transferSyntax(), oursDecoded));
            double dcmtkDecode = best(() -> Peers.ok(dir, c.dcmtkDecode(), ours.getFileName().toString(),
                    theirsDecoded.getFileName().toString()));
            byte[] decodedByUs = nativePixels(oursDecoded);
            byte[] decodedByDcmtk = nativePixels(theirsDecoded);
            if (c.lossless()) {
                assertSamePixels(c.name() + " decoded by Rayport", pixels, decodedByUs);
                assertSamePixels(c.name() + " decoded by " + c.dcmtkDecode(), pixels, decodedByDcmtk);
            } else {
                int max = maxDifference(decodedByDcmtk, decodedByUs, IMAGE.description());
                assertTrue(c.name() + ": Rayport's decoding differs from dcmdjpeg's by " + max, max <= 1);
            }
            System.out.printf("%-26s encode MB/s: Rayport %6.1f, DCMTK %6.1f (%d vs %d bytes) | decode MB/s:"
                            + " Rayport %6.1f, DCMTK %6.1f%n", c.name(), megabytes / rayportEncode,
                    megabytes / dcmtkEncode, ours.toFile().length(), theirs.toFile().length(),
                    megabytes / rayportDecode, megabytes / dcmtkDecode);
        }
    }

    /** Seconds of the fastest of {@link #RUNS} runs (the first also warms the JIT). */
    private static double best(Run run) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            run.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best / 1e9;
    }
}
