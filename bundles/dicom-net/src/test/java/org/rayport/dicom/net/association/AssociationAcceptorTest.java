package org.rayport.dicom.net.association;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

public class AssociationAcceptorTest {

    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final UserInformation USER = UserInformation.of(16384, "2.25.1234", "RAYPORT_TEST");

    private AssociationAcceptor acceptor;
    private final BlockingQueue<Message> received = new ArrayBlockingQueue<>(10);

    @After
    public void close() throws IOException {
        if (acceptor != null) {
            acceptor.close();
        }
    }

    private void startAcceptor(int maxAssociations, Set<AeTitle> allowedCallers, AssociationAcceptor.Handler handler)
            throws IOException {
        acceptor = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(2),
                        Duration.ofSeconds(10), maxAssociations, USER),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT"), Map.of(VERIFICATION, List.of(IMPLICIT_LE)),
                        allowedCallers, handler)));
    }

    /** Echoes every message back until the requester releases. */
    private AssociationAcceptor.Handler echoBack() {
        return association -> {
            Optional<Message> message;
            while ((message = association.receive(command -> true)).isPresent()) {
                received.add(message.get());
                association.send(message.get());
            }
        };
    }

    @Test(timeout = 30_000)
    public void messagesLargerThanAPduAreFragmentedAndReassembled() throws Exception {
        startAcceptor(4, Set.of(), echoBack());
        byte[] command = "command".getBytes();
        byte[] dataSet = new byte[100_000];
        new Random(1).nextBytes(dataSet);
        try (Association association = Association.request(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), acceptor.port()),
                new AssociateRequest(AeTitle.of("RAYPORT"), AeTitle.of("TESTER"),
                        List.of(new PresentationContext(1, VERIFICATION, List.of(IMPLICIT_LE))), USER),
                Duration.ofSeconds(5))) {
            assertEquals(Optional.of(IMPLICIT_LE), association.transferSyntax(1));
            association.send(new Message(1, command, dataSet));
            Message echoed = association.receive(c -> true).orElseThrow();
            assertArrayEquals(command, echoed.command());
            assertArrayEquals(dataSet, echoed.dataSet());
            association.release();
        }
        assertArrayEquals(dataSet, received.poll(5, TimeUnit.SECONDS).dataSet());
    }

    @Test(timeout = 30_000)
    public void unknownCalledAndNotAllowedCallingAeTitlesAreRejectedWithTheirReason() throws Exception {
        startAcceptor(4, Set.of(AeTitle.of("FRIEND")), echoBack());
        assertRejected("NOT_HERE", "FRIEND", "called AE title not recognized");
        assertRejected("RAYPORT", "STRANGER", "calling AE title not recognized");
        Peers.require("echoscu");
        String output = run("echoscu", "-aet", "STRANGER", "-aec", "RAYPORT", "127.0.0.1",
                Integer.toString(acceptor.port()));
        assertTrue(output, output.contains("Calling AE Title Not Recognized"));
    }

    @Test(timeout = 30_000)
    public void silentAndHostilePeersDoNotKeepOthersOut() throws Exception {
        startAcceptor(2, Set.of(), association -> received.add(association.receive(c -> false).orElseThrow()));
        try (Socket silent = connect(); Socket hostile = connect()) {
            hostile.getOutputStream().write(new byte[] {0x09, 0, 0, 0, 0, 4, 1, 2, 3, 4});
            InputStream answer = hostile.getInputStream();
            assertEquals("garbage is aborted", 0x07, answer.read());
            // the silent one holds a worker until ARTIM (2 s) ends it
            assertEquals("and is closed after the ARTIM timeout", -1, readUntilClosed(silent.getInputStream()));
        }
        Peers.require("echoscu");
        String output = run("echoscu", "-aet", "ECHOSCU", "-aec", "RAYPORT", "127.0.0.1",
                Integer.toString(acceptor.port()));
        Message echo = received.poll(10, TimeUnit.SECONDS);
        assertTrue("echoscu got through after the hostile peers: " + output, echo != null);
    }

    @Test
    public void aTakenPortGivesAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AssociationAcceptor.start(new AssociationAcceptor.Settings(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()), Duration.ofSeconds(2),
                    Duration.ofSeconds(10), 2, USER), List.of());
            fail("the port is taken");
        } catch (BindException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("another program"));
        }
    }

    /** What a pool edit does: close the port and open it again at once, as often as an administrator likes. */
    @Test(timeout = 60_000)
    public void aClosedPortCanBeOpenedAgainAtOnce() throws IOException {
        startAcceptor(2, Set.of(), echoBack());
        int port = acceptor.port();
        for (int i = 0; i < 50; i++) {
            acceptor.close();
            acceptor = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Duration.ofSeconds(2),
                    Duration.ofSeconds(10), 2, USER), List.of());
        }
        assertEquals(port, acceptor.port());
    }

    private void assertRejected(String called, String calling, String reason) throws IOException {
        try {
            Association.request(new InetSocketAddress(InetAddress.getLoopbackAddress(), acceptor.port()),
                    new AssociateRequest(AeTitle.of(called), AeTitle.of(calling),
                            List.of(new PresentationContext(1, VERIFICATION, List.of(IMPLICIT_LE))), USER),
                    Duration.ofSeconds(5)).abort();
            fail("should be rejected: " + reason);
        } catch (AssociationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(reason));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), acceptor.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
        } while (b >= 0);
        return b;
    }

    private static String run(String... command) throws Exception {
        return Peers.run(Files.createTempFile("dcmtk", ".out"), List.of(command)).output();
    }

    @Test(timeout = 30_000)
    public void aeTitlesComeAndGoWhileThePortListens() throws Exception {
        Peers.require("echoscu");
        startAcceptor(4, Set.of(), org.rayport.dicom.net.dimse.Verification.scp());
        List<String> echoSecond = List.of("echoscu", "-aec", "SECOND", "127.0.0.1", Integer.toString(acceptor.port()));
        assertTrue(Peers.run(Files.createTempFile("echo", ".out"), echoSecond).output().contains("Called AE Title Not Recognized"));

        acceptor.addService(new AssociationAcceptor.Service(AeTitle.of("SECOND"), Map.of(VERIFICATION,
                List.of(IMPLICIT_LE)), Set.of(), org.rayport.dicom.net.dimse.Verification.scp()));
        assertEquals(Set.of(AeTitle.of("RAYPORT"), AeTitle.of("SECOND")), acceptor.aeTitles());
        Peers.Result served = Peers.run(Files.createTempFile("echo", ".out"), echoSecond);
        assertEquals(served.output(), 0, served.exitCode());
        try {
            acceptor.addService(new AssociationAcceptor.Service(AeTitle.of("SECOND"), Map.of(), Set.of(),
                    org.rayport.dicom.net.dimse.Verification.scp()));
            fail("A second service for one AE title on one port was taken");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("SECOND"));
        }

        acceptor.removeService(AeTitle.of("SECOND"));
        assertTrue(Peers.run(Files.createTempFile("echo", ".out"), echoSecond).output().contains("Called AE Title Not Recognized"));
        Peers.Result first = Peers.run(Files.createTempFile("echo", ".out"), List.of("echoscu", "-aec", "RAYPORT",
                "127.0.0.1", Integer.toString(acceptor.port())));
        assertEquals(first.output(), 0, first.exitCode());
    }
}
