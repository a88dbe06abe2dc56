package org.rayport.pacsupload.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Orthanc, the PACS peer, on loopback ports the test chooses (so that a test can start it where Rayport already
 * tries to send), with its storage in the test's folder and the called AE title checked.
 */
final class Orthanc implements AutoCloseable {

    static final String AE_TITLE = "ORTHANC";

    final int dicomPort;
    final int httpPort;
    private final Process process;

    private Orthanc(int dicomPort, int httpPort, Process process) {
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.process = process;
    }

    static Orthanc start(Path work, int dicomPort) throws Exception {
        return start(work, dicomPort, "");
    }

    /** @param extraConfig further members of Orthanc's JSON configuration, each followed by a comma */
    static Orthanc start(Path work, int dicomPort, String extraConfig) throws Exception {
        if (!new File("/usr/sbin/Orthanc").canExecute()) {
            throw new AssertionError("Orthanc is missing; scripts/install-test-peers.sh installs it (package orthanc)");
        }
        int httpPort = freePort();
        Path dir = Files.createDirectories(work.resolve("orthanc-" + dicomPort + "-" + System.nanoTime()));
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, "{\"Name\":\"test\",\"StorageDirectory\":\"" + dir.resolve("storage")
                + "\",\"IndexDirectory\":\"" + dir.resolve("index") + "\",\"DicomAet\":\"" + AE_TITLE
                + "\",\"DicomPort\":" + dicomPort + ",\"HttpPort\":" + httpPort + ",\"RemoteAccessAllowed\":false,"
                + "\"AuthenticationEnabled\":false,\"DicomCheckCalledAet\":true,\"DicomAlwaysAllowStore\":true,"
                + extraConfig + "\"Plugins\":[]}");
        ProcessBuilder builder = new ProcessBuilder(List.of("/usr/sbin/Orthanc", "--logdir=" + dir, config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("orthanc.out").toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        Orthanc orthanc = new Orthanc(dicomPort, httpPort, process);
        try {
            awaitListening(dicomPort);
            awaitListening(httpPort);
        } catch (Exception | AssertionError e) {
            orthanc.close();
            throw e;
        }
        return orthanc;
    }

    /** Whether Orthanc holds the instance, as its REST API answers. */
    boolean has(String sopInstanceUid) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/tools/lookup"))
                .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("Orthanc's /tools/lookup answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body().contains("\"Instance\"");
    }

    /** The transfer syntax Orthanc keeps the instance in. */
    String transferSyntaxOf(String sopInstanceUid) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String lookup = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/tools/lookup"))
                .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"").matcher(lookup);
        if (!id.find()) {
            throw new AssertionError("Orthanc does not hold " + sopInstanceUid + ": " + lookup);
        }
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/instances/" + id.group(1)
                + "/metadata/TransferSyntax")).build(), HttpResponse.BodyHandlers.ofString()).body().strip();
    }

    /** The ids of every instance Orthanc holds, as its REST API lists them. */
    String instances() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/instances")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Orthanc does not listen on port " + port + " after 20 s", notYet);
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
