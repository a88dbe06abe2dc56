package org.rayport.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Orthanc, the PACS peer, on the loopback with its own storage in the test's folder. */
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
     * @param modalities Orthanc's "DicomModalities": the C-MOVE destinations it knows, e.g.
     *                   {@code {"rayport":["RAYPORT_QR","127.0.0.1",11113]}}
     * @param caseSensitiveNames Orthanc's "CaseSensitivePN": whether patient names match case-sensitively
     */
    public static OrthancPeer start(Path work, String modalities, boolean caseSensitiveNames) throws Exception {
        Peers.require("Orthanc");
        int port = Peers.freePort();
        int httpPort = Peers.freePort();
        Path dir = Files.createDirectories(work.resolve("orthanc-" + port));
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, "{\"Name\":\"test\",\"StorageDirectory\":\"" + dir.resolve("storage")
                + "\",\"IndexDirectory\":\"" + dir.resolve("index") + "\",\"DicomAet\":\"" + AE_TITLE
                + "\",\"DicomPort\":" + port + ",\"HttpPort\":" + httpPort + ",\"RemoteAccessAllowed\":false,"
                + "\"AuthenticationEnabled\":false,\"DicomCheckCalledAet\":true,\"DicomAlwaysAllowStore\":true,"
                + "\"DicomAlwaysAllowFind\":true,\"DicomAlwaysAllowEcho\":true,\"DicomAlwaysAllowMove\":true,"
                + "\"DicomAlwaysAllowGet\":true,\"CaseSensitivePN\":" + caseSensitiveNames + ","
                + "\"DicomModalities\":" + modalities + ",\"Plugins\":[]}");
        Process process = Peers.start(dir.resolve("orthanc.out"),
                List.of("/usr/sbin/Orthanc", "--logdir=" + dir, config.toString()));
        Peers.awaitListening(port);
        return new OrthancPeer(port, httpPort, dir, process);
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

    @Override
    public void close() throws InterruptedException {
        Peers.stop(process);
    }
}
