package org.rayport.pools.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.dimse.Verification;
import org.rayport.dicom.net.pdu.AeTitle;

/** Pools sharing ports, and a port another program holds, with DCMTK's echoscu as the caller. */
public class DicomListenersTest {

    private final DicomListeners listeners = new DicomListeners(config("127.0.0.1", "WEASIS@127.0.0.1:11113"));

    @After
    public void close() {
        listeners.closeAll();
    }

    @Test(timeout = 60_000)
    public void twoAeTitlesShareAPortAndThePortClosesWithTheLast() throws Exception {
        int port = freePort();
        DicomListeners.Registration first = listeners.register(port, echo("FIRST"));
        DicomListeners.Registration second = listeners.register(port, echo("SECOND"));
        assertEquals(0, echoscu("FIRST", port));
        assertEquals(0, echoscu("SECOND", port));
        try {
            listeners.register(port, echo("SECOND"));
            fail("two pools answered as SECOND on one port");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("SECOND"));
        }
        first.close();
        assertTrue(echoscu("FIRST", port) != 0);
        assertEquals(0, echoscu("SECOND", port));
        second.close();
        assertTrue("nobody answers once the last AE title is gone", echoscu("SECOND", port) != 0);
        // The port reopens for the next pool: the old socket was released.
        try (DicomListeners.Registration third = listeners.register(port, echo("THIRD"))) {
            assertEquals(0, echoscu("THIRD", port));
        }
    }

    @Test(timeout = 60_000)
    public void aPortHeldByAnotherProgramIsNamedInTheError() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listeners.register(other.getLocalPort(), echo("RAYPORT"));
            fail("listening on a taken port");
        } catch (IOException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("another program"));
        }
    }

    @Test
    public void knownNodesAreTheOnlyMoveDestinations() {
        assertEquals(new InetSocketAddress("127.0.0.1", 11113), listeners.knownNode(AeTitle.of("WEASIS")).orElseThrow());
        assertTrue(listeners.knownNode(AeTitle.of("STRANGER")).isEmpty());
        assertTrue(DicomListeners.parseNodes(new String[] {"BROKEN", "NOPORT@host", "X@h:notanumber"}).isEmpty());
    }

    private static AssociationAcceptor.Service echo(String aeTitle) {
        return new AssociationAcceptor.Service(AeTitle.of(aeTitle), Map.of(Uids.VERIFICATION,
                List.of("1.2.840.10008.1.2")), Set.of(), Verification.scp());
    }

    private static int echoscu(String calledAe, int port) throws Exception {
        Path log = Files.createTempFile("echoscu", ".out");
        Process process = new ProcessBuilder("echoscu", "-aec", calledAe, "127.0.0.1", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static DicomListenerConfig config(String bindAddress, String... knownNodes) {
        return new DicomListenerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DicomListenerConfig.class;
            }

            @Override
            public String bindAddress() {
                return bindAddress;
            }

            @Override
            public int artimSeconds() {
                return 5;
            }

            @Override
            public int idleSeconds() {
                return 30;
            }

            @Override
            public int maxAssociationsPerPort() {
                return 4;
            }

            @Override
            public int maxPduLength() {
                return 65536;
            }

            @Override
            public String[] knownNodes() {
                return knownNodes;
            }
        };
    }
}
