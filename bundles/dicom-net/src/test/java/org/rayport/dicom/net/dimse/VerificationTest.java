package org.rayport.dicom.net.dimse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.dicom.net.Dcmtk;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

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
        Peers.require("echoscu", "storescp");
        work = Files.createTempDirectory("verification-");
    }

    @After
    public void stop() throws Exception {
        Peers.stop(peer);
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
        Peers.Result echoscu = Peers.run(work.resolve("echoscu.out"), List.of("echoscu", "-v", "--repeat", "3",
                "-aet", "ECHOSCU", "-aec", "RAYPORT", "127.0.0.1", Integer.toString(acceptor.port())));
        String output = echoscu.output();
        assertEquals(output, 0, echoscu.exitCode());
        assertEquals(output, 3, output.split("Received Echo Response \\(Success\\)", -1).length - 1);
        assertTrue(output, output.contains("Releasing Association"));
    }

    @Test(timeout = 30_000)
    public void rayportEchoesStorescp() throws Exception {
        int port = Peers.freePort();
        peer = Dcmtk.storescp(work, port, work.resolve("storescp.out"));
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
}
