package org.rayport.dicom.data;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs DCMTK command line tools, the independent implementation the tests compare with. */
final class DcmtkPeer {

    record Result(int exitCode, String stdout, String stderr) {
    }

    private DcmtkPeer() {
    }

    /** Skips the test without DCMTK, unless on CI, where its absence is a failure. */
    static void require() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/dcmdump"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue("DCMTK (dcmdump, dump2dcm, dcmconv, dcmcrle) is required on CI: scripts/install-test-peers.sh", present);
        }
        assumeTrue("DCMTK is not installed (apt-get install dcmtk); skipping tests against it", present);
    }

    /** Fails (never skips) when a peer program is missing: the tests that call this prove nothing without it. */
    static void requireProgram(String program, String debianPackage) {
        assertTrue(program + " is required (apt-get install " + debianPackage + ", or scripts/install-test-peers.sh)",
                Files.isExecutable(Path.of("/usr/bin", program)));
    }

    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        // Lenient decoding: peers print undecodable bytes of broken files as they are.
        Result r = new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
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

    /**
     * dcmdump's data set part in a form independent of encoding choices: no meta
     * group, no lengths, no comments, no delimiters, no "explicit/undefined length" notes.
     */
    static List<String> normalizedDump(Path dir, Path file) throws IOException, InterruptedException {
        Result r = ok(dir, "dcmdump", "-q", file.toString());
        if (!r.stderr().isEmpty()) {
            throw new AssertionError("dcmdump warned about " + file + ": " + r.stderr());
        }
        return normalized(r.stdout());
    }

    /** As {@link #normalizedDump}, for sample files of others, about which dcmdump may warn. */
    static List<String> normalizedDumpDespiteWarnings(Path dir, Path file) throws IOException, InterruptedException {
        return normalized(ok(dir, "dcmdump", "-q", file.toString()).stdout());
    }

    private static List<String> normalized(String dump) {
        List<String> lines = new ArrayList<>();
        for (String line : dump.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("(0002,") || t.startsWith("(fffe,e00d)")
                    || t.startsWith("(fffe,e0dd)") || t.matches("\\(....,0000\\).*")) {
                continue;
            }
            int hash = line.lastIndexOf('#');
            String value = hash > 0 ? line.substring(0, hash).stripTrailing() : line;
            value = value.replaceAll("\\((Sequence|Item) with (explicit|undefined) length( #=\\d+)?\\)", "($1)");
            lines.add(value);
        }
        return lines;
    }
}
