package org.rayport.dicom.codec;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the independent codecs the tests compare with: DCMTK, gdcm, dicom3tools. A missing one fails the test. */
final class Peers {

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Peers() {
    }

    static void require(String... programs) {
        for (String program : programs) {
            assertTrue(program + " is missing: run scripts/install-test-peers.sh (packages dcmtk, libgdcm-tools,"
                    + " dicom3tools)", Files.isExecutable(Path.of("/usr/bin", program)));
        }
    }

    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static Result ok(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.stderr() + r.stdout());
        }
        return r;
    }

    /** gdcm's checksum of the decoded pixel data: equal for the same pixels in any lossless syntax. */
    static String pixelMd5(Path dir, Path file) throws IOException, InterruptedException {
        String out = ok(dir, "gdcminfo", "--md5sum", file.toString()).stdout();
        for (String line : out.split("\n")) {
            if (line.startsWith("md5sum:")) {
                return line.substring("md5sum:".length()).trim();
            }
        }
        throw new AssertionError("gdcminfo printed no md5sum for " + file + ": " + out);
    }

    /** dciodvfy's lines that report errors (not warnings). */
    static List<String> validationErrors(Path dir, Path file) throws IOException, InterruptedException {
        Result r = run(dir, "dciodvfy", file.toString());
        return (r.stdout() + r.stderr()).lines().filter(l -> l.startsWith("Error")).toList();
    }
}
