package org.rayport.dicom.net;

import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rayport.testing.Peers;

/** Orthanc, the PACS peer, started on the loopback with its own storage, as the tests need it. */
public final class Orthanc implements AutoCloseable {

    public final int dicomPort;
    private final Process process;

    private Orthanc(int dicomPort, Process process) {
        this.dicomPort = dicomPort;
        this.process = process;
    }

    /**
     * @param modalities the value of Orthanc's "DicomModalities" setting, e.g. {@code {"rayport":["RAYPORT","127.0.0.1",104]}}
     */
    public static Orthanc start(Path work, String modalities) throws Exception {
        boolean installed = new File("/usr/sbin/Orthanc").canExecute();
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Orthanc is missing; ./rayport test installs it");
        }
        assumeTrue("Orthanc not installed (apt-get install orthanc)", installed);
        int port = Peers.freePort();
        Path dir = Files.createDirectories(work.resolve("orthanc"));
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, "{\"Name\":\"test\",\"StorageDirectory\":\"" + dir.resolve("storage")
                + "\",\"IndexDirectory\":\"" + dir.resolve("index") + "\",\"DicomAet\":\"ORTHANC\",\"DicomPort\":"
                + port + ",\"HttpPort\":" + Peers.freePort() + ",\"RemoteAccessAllowed\":false,"
                + "\"AuthenticationEnabled\":false,\"DicomCheckCalledAet\":true,\"DicomAlwaysAllowStore\":true,"
                + "\"DicomAlwaysAllowFind\":true,\"DicomAlwaysAllowEcho\":true,\"DicomAlwaysAllowMove\":true,\"DicomAlwaysAllowGet\":true,"
                + "\"DicomModalities\":" + modalities + ",\"Plugins\":[]}");
        Process process = Peers.start(dir.resolve("orthanc.out"),
                List.of("/usr/sbin/Orthanc", "--logdir=" + dir, config.toString()));
        Peers.awaitListening(port);
        return new Orthanc(port, process);
    }

    @Override
    public void close() throws InterruptedException {
        Peers.stop(process);
    }
}
