package org.rayport.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orthanc, the PACS peer, on the loopback with its own storage in the test's folder and the called AE title checked.
 * Its REST API tells a test what arrived.
 */
public final class OrthancPeer implements AutoCloseable {

    public static final String AE_TITLE = "ORTHANC";

    public final int dicomPort;
    /** Orthanc's REST API, e.g. {@code GET /instances} to see what arrived. */
    public final int httpPort;
    private final Path directory;
    private final Process process;

    private OrthancPeer(int dicomPort, int httpPort, Path directory, Process process) {
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.directory = directory;
        this.process = process;
    }

    /**
     * Orthanc as a PACS to query and retrieve from, on a free port.
     *
     * @param modalities Orthanc's "DicomModalities": the C-MOVE destinations it knows, e.g.
     *                   {@code {"rayport":["RAYPORT_QR","127.0.0.1",11113]}}
     * @param caseSensitiveNames Orthanc's "CaseSensitivePN": whether patient names match case-sensitively
     */
    public static OrthancPeer start(Path work, String modalities, boolean caseSensitiveNames) throws Exception {
        return startOn(work, Peers.freePort(), "\"DicomAlwaysAllowFind\":true,\"DicomAlwaysAllowEcho\":true,"
                + "\"DicomAlwaysAllowMove\":true,\"DicomAlwaysAllowGet\":true,\"CaseSensitivePN\":"
                + caseSensitiveNames + ",\"DicomModalities\":" + modalities + ",");
    }

    /**
     * Orthanc on a port the test chose, e.g. where Rayport already tries to send while it is down.
     *
     * @param extraConfig further members of Orthanc's JSON configuration, each followed by a comma
     */
    public static OrthancPeer startOn(Path work, int dicomPort, String extraConfig) throws Exception {
        Peers.require("Orthanc");
        int httpPort = Peers.freePort();
        Path dir = Files.createDirectories(work.resolve("orthanc-" + dicomPort + "-" + System.nanoTime()));
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, "{\"Name\":\"test\",\"StorageDirectory\":\"" + dir.resolve("storage")
                + "\",\"IndexDirectory\":\"" + dir.resolve("index") + "\",\"DicomAet\":\"" + AE_TITLE
                + "\",\"DicomPort\":" + dicomPort + ",\"HttpPort\":" + httpPort + ",\"RemoteAccessAllowed\":false,"
                + "\"AuthenticationEnabled\":false,\"DicomCheckCalledAet\":true,\"DicomAlwaysAllowStore\":true,"
                + extraConfig + "\"Plugins\":[]}");
        Process process = Peers.start(dir.resolve("orthanc.out"),
                List.of("/usr/sbin/Orthanc", "--logdir=" + dir, config.toString()));
        OrthancPeer orthanc = new OrthancPeer(dicomPort, httpPort, dir, process);
        try {
            Peers.awaitListening(dicomPort);
            Peers.awaitListening(httpPort);
        } catch (Exception | AssertionError e) {
            orthanc.close();
            throw e;
        }
        return orthanc;
    }

    /** Stores files into Orthanc with DCMTK's storescu, as a modality would. */
    public void store(List<Path> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("storescu", "-aec", AE_TITLE, "127.0.0.1",
                Integer.toString(dicomPort)));
        files.forEach(f -> command.add(f.toString()));
        Peers.Result result = Peers.run(directory.resolve("storescu.out"), command);
        if (result.exitCode() != 0) {
            throw new AssertionError("storescu into Orthanc failed: " + result.output());
        }
    }

    /** Whether Orthanc holds the instance, as its REST API answers. */
    public boolean has(String sopInstanceUid) throws Exception {
        return lookup(sopInstanceUid).contains("\"Instance\"");
    }

    /** The transfer syntax Orthanc keeps the instance in. */
    public String transferSyntaxOf(String sopInstanceUid) throws Exception {
        String lookup = lookup(sopInstanceUid);
        Matcher id = Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"").matcher(lookup);
        if (!id.find()) {
            throw new AssertionError("Orthanc does not hold " + sopInstanceUid + ": " + lookup);
        }
        return get("/instances/" + id.group(1) + "/metadata/TransferSyntax").strip();
    }

    /** The ids of every instance Orthanc holds, as its REST API lists them. */
    public String instances() throws Exception {
        return get("/instances");
    }

    private String lookup(String sopInstanceUid) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/tools/lookup"))
                .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("Orthanc's /tools/lookup answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws InterruptedException {
        Peers.stop(process);
    }
}
