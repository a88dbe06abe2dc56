package org.rayport.dicom.net;

import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** DCMTK, the judge of conformance, as the tests start it: on the loopback, with Nagle's algorithm off. */
public final class Dcmtk {

    private Dcmtk() {
    }

    /** Skips the test where DCMTK is not installed, and fails it in CI, where ./rayport test installs it. */
    public static void require(String... tools) {
        boolean installed = true;
        for (String tool : tools) {
            installed &= new File("/usr/bin/" + tool).canExecute();
        }
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("DCMTK is missing; ./rayport test installs it (scripts/install-test-peers.sh)");
        }
        assumeTrue("DCMTK not installed (apt-get install dcmtk)", installed);
    }

    public static Process start(Path log, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Debian's DCMTK leaves Nagle's algorithm on unless told otherwise.
        builder.environment().put("TCP_NODELAY", "1");
        return builder.start();
    }

    public record Result(int exitCode, String output) {
    }

    /** Runs a tool to its end; DCMTK prints values in their own character set, so the output is read as bytes. */
    public static Result run(Path log, List<String> command) throws Exception {
        Process process = start(log, command);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 30 s");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
    }

    /** storescp on {@code port}, writing what it receives to {@code directory}, once it listens. */
    public static Process storescp(Path directory, int port, Path log) throws Exception {
        Process process = start(log, List.of("storescp", "--aetitle", "STORESCP", "--output-directory",
                directory.toString(), Integer.toString(port)));
        awaitListening(port);
        return process;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    public static void stop(Process process) throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
