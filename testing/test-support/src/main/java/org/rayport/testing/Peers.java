package org.rayport.testing;

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

/**
 * The programs that judge Rayport (DCMTK, dicom3tools, Orthanc), started on the loopback with Nagle's algorithm
 * off. A missing program fails the test with the package to install: scripts/install-test-peers.sh installs them.
 */
public final class Peers {

    private Peers() {
    }

    public static void require(String... programs) {
        for (String program : programs) {
            boolean found = false;
            for (String dir : List.of("/usr/bin/", "/usr/sbin/", "/usr/local/bin/")) {
                found |= new File(dir + program).canExecute();
            }
            if (!found) {
                throw new AssertionError(program + " is missing; scripts/install-test-peers.sh installs it");
            }
        }
    }

    public static Process start(Path log, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        return builder.start();
    }

    public record Result(int exitCode, String output) {
    }

    /** Runs a program to its end; DICOM tools print values in their own character set, so read as bytes. */
    public static Result run(Path log, List<String> command) throws Exception {
        require(command.get(0));
        Process process = start(log, command);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.ISO_8859_1));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing listens on port " + port + " after 20 s", notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    public static void stop(Process process) throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
