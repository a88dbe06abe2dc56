package org.rayport.dicom.net;

import java.nio.file.Path;
import java.util.List;

import org.rayport.testing.Peers;

/** DCMTK's storescp as the tests start it: a peer that receives what Rayport sends. */
public final class Dcmtk {

    private Dcmtk() {
    }

    /** storescp on {@code port}, writing what it receives to {@code directory}, once it listens. */
    public static Process storescp(Path directory, int port, Path log) throws Exception {
        Process process = Peers.start(log, List.of("storescp", "--aetitle", "STORESCP", "--output-directory",
                directory.toString(), Integer.toString(port)));
        Peers.awaitListening(port);
        return process;
    }
}
