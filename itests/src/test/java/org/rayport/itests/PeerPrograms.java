package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the test peers' command-line programs (DCMTK and the like) with their output kept in the work folder. */
final class PeerPrograms {

    private PeerPrograms() {
    }

    /** Runs the program to its end and returns its output; a non-zero exit fails the test with that output. */
    static String run(Path work, List<String> command) throws Exception {
        Result result = runAllowingFailure(work, command);
        assertEquals(result.output(), 0, result.exitCode());
        return result.output();
    }

    /** Runs the program to its end, whatever its exit code. */
    static Result runAllowingFailure(Path work, List<String> command) throws Exception {
        Path log = Files.createTempFile(work, Path.of(command.get(0)).getFileName().toString(), ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Debian's DCMTK leaves Nagle's algorithm on unless told: about 45 ms stall per message otherwise.
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        assertTrue(command + " finished within 120 s", process.waitFor(120, TimeUnit.SECONDS));
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
    }

    record Result(int exitCode, String output) {
    }
}
