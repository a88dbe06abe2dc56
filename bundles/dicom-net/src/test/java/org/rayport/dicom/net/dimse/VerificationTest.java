package org.rayport.dicom.net.dimse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;

/** C-ECHO both ways against DCMTK: echoscu calls Rayport, Rayport calls storescp. */
public class VerificationTest {

    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final UserInformation USER = UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");

    private Path work;
    private Process peer;
    private AssociationAcceptor acceptor;

    @Before
    public void requireDcmtk() throws IOException {
        boolean installed = new File("/usr/bin/echoscu").canExecute() && new File("/usr/bin/storescp").canExecute();
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("DCMTK is missing; ./rayport test installs it");
        }
        assumeTrue("DCMTK not installed", installed);
        work = Files.createTempDirectory("verification-");
    }

    @After
    public void stop() throws Exception {
        if (peer != null) {
            peer.destroy();
            peer.waitFor(10, TimeUnit.SECONDS);
        }
        if (acceptor != null) {
            acceptor.close();
        }
    }

    @Test(timeout = 30_000)
    public void echoscuGetsASuccessfulEchoFromRayport() throws Exception {
        acceptor = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, USER),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT"),
                        Map.of(Uids.VERIFICATION, List.of(EXPLICIT_LE, IMPLICIT_LE)), Set.of(), Verification.scp())));
        Path out = work.resolve("echoscu.out");
        ProcessBuilder echoscu = new ProcessBuilder("echoscu", "-v", "--repeat", "3", "-aet", "ECHOSCU",
                "-aec", "RAYPORT", "127.0.0.1", Integer.toString(acceptor.port()))
                .redirectErrorStream(true).redirectOutput(out.toFile());
        echoscu.environment().put("TCP_NODELAY", "1");
        Process process = echoscu.start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        String output = Files.readString(out);
        assertEquals(output, 0, process.exitValue());
        assertEquals(output, 3, output.split("Received Echo Response \\(Success\\)", -1).length - 1);
        assertTrue(output, output.contains("Releasing Association"));
    }

    @Test(timeout = 30_000)
    public void rayportEchoesStorescp() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder storescp = new ProcessBuilder("storescp", "--aetitle", "STORESCP", "--output-directory",
                work.toString(), Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(work.resolve("storescp.out").toFile());
        storescp.environment().put("TCP_NODELAY", "1");
        peer = storescp.start();
        awaitListening(port);
        try (Association association = Association.request(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                new AssociateRequest(AeTitle.of("STORESCP"), AeTitle.of("RAYPORT"),
                        List.of(new PresentationContext(1, Uids.VERIFICATION, List.of(IMPLICIT_LE))), USER),
                Duration.ofSeconds(10))) {
            for (int messageId = 1; messageId <= 3; messageId++) {
                assertEquals(Commands.SUCCESS, Verification.echo(association, messageId));
            }
            association.release();
        }
    }

    private static void awaitListening(int port) throws Exception {
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
}
