package org.rayport.dicom.net.pdu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.rayport.dicom.net.Dcmtk;
import org.rayport.testing.Peers;

/** Association negotiation against DCMTK, the judge of conformance, over real sockets on the loopback. */
public class DcmtkAssociationTest {

    private static final String UNKNOWN_SOP_CLASS = "1.2.3.4.5.6.7";

    private Process peer;
    private Path work;

    @Before
    public void requireDcmtk() throws IOException {
        Peers.require("storescp", "echoscu");
        work = Files.createTempDirectory("dcmtk-");
    }

    @After
    public void stopPeer() throws InterruptedException {
        Peers.stop(peer);
    }

    @Test(timeout = 30_000)
    public void storescpAcceptsVerificationAndRefusesAnUnknownSopClass() throws Exception {
        int port = Peers.freePort();
        peer = Dcmtk.storescp(work, port, work.resolve("storescp.out"));
        try (Socket socket = connect(port)) {
            PduWriter writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream()));
            PduReader reader = new PduReader(new BufferedInputStream(socket.getInputStream()), 1 << 20);
            writer.write(new AssociateRequest(AeTitle.of("STORESCP"), AeTitle.of("RAYPORT"), List.of(
                    new PresentationContext(1, PduCodecTest.VERIFICATION, List.of(PduCodecTest.IMPLICIT_LE)),
                    new PresentationContext(3, UNKNOWN_SOP_CLASS, List.of(PduCodecTest.IMPLICIT_LE))),
                    PduCodecTest.OURS));

            AssociateAccept accept = (AssociateAccept) reader.read();
            assertTrue(accept.result(1).orElseThrow().accepted());
            assertEquals(PduCodecTest.IMPLICIT_LE, accept.result(1).orElseThrow().transferSyntax());
            assertEquals(PresentationContextResult.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                    accept.result(3).orElseThrow().result());
            assertTrue("DCMTK names itself", accept.userInformation().implementationClassUid().startsWith("1.2.276.0.7230010"));
            assertTrue(accept.userInformation().maxPduLength() > 0);

            writer.write(new ReleaseRequest());
            assertEquals(new ReleaseResponse(), reader.read());
        }
    }

    @Test(timeout = 30_000)
    public void echoscuIsToldWhenItsCalledAeTitleIsUnknown() throws Exception {
        try (ServerSocket server = listen()) {
            peer = Peers.start(work.resolve("echoscu.out"), List.of("echoscu", "-aet", "ECHOSCU", "-aec", "NOT_HERE",
                    "127.0.0.1", Integer.toString(server.getLocalPort())));
            try (Socket socket = server.accept()) {
                AssociateRequest request = (AssociateRequest) new PduReader(socket.getInputStream(), 1 << 20).read();
                assertEquals(AeTitle.of("NOT_HERE"), request.calledAe());
                assertEquals(AeTitle.of("ECHOSCU"), request.callingAe());
                PresentationContext proposed = request.presentationContexts().get(0);
                assertEquals(PduCodecTest.VERIFICATION, proposed.abstractSyntax());
                assertTrue(proposed.transferSyntaxes().contains(PduCodecTest.IMPLICIT_LE));
                new PduWriter(socket.getOutputStream()).write(AssociateReject.calledAeNotRecognized());
            }
            String output = finish(peer);
            assertNotEquals(output, 0, peer.exitValue());
            assertTrue(output, output.contains("Called AE Title Not Recognized"));
        }
    }

    @Test(timeout = 30_000)
    public void echoscuSendsItsEchoCommandOnTheNegotiatedContext() throws Exception {
        try (ServerSocket server = listen()) {
            peer = Peers.start(work.resolve("echoscu.out"), List.of("echoscu", "-aet", "ECHOSCU", "-aec", "RAYPORT",
                    "127.0.0.1", Integer.toString(server.getLocalPort())));
            try (Socket socket = server.accept()) {
                PduReader reader = new PduReader(socket.getInputStream(), 1 << 20);
                PduWriter writer = new PduWriter(socket.getOutputStream());
                AssociateRequest request = (AssociateRequest) reader.read();
                AssociateAccept accept = Negotiation.accept(request,
                        Map.of(PduCodecTest.VERIFICATION, List.of(PduCodecTest.IMPLICIT_LE)), PduCodecTest.OURS);
                writer.write(accept);

                DataTransfer command = (DataTransfer) reader.read();
                DataTransfer.Pdv pdv = command.values().get(0);
                assertEquals(request.presentationContexts().get(0).id(), pdv.presentationContextId());
                assertTrue("a command fragment", pdv.command());
                assertTrue("complete in one fragment", pdv.last());
                assertEquals("C-ECHO-RQ in the command field (0000,0100)", 0x0030, commandField(pdv.data()));
                writer.write(Abort.byUser());
            }
            String output = finish(peer);
            assertTrue("echoscu saw the abort: " + output, output.toLowerCase(java.util.Locale.ROOT).contains("abort"));
        }
    }

    /** (0000,0100) of an implicit VR little endian command set. */
    private static int commandField(byte[] command) {
        for (int i = 0; i + 10 <= command.length; ) {
            int group = (command[i] & 0xFF) | (command[i + 1] & 0xFF) << 8;
            int element = (command[i + 2] & 0xFF) | (command[i + 3] & 0xFF) << 8;
            int length = (command[i + 4] & 0xFF) | (command[i + 5] & 0xFF) << 8 | (command[i + 6] & 0xFF) << 16
                    | (command[i + 7] & 0xFF) << 24;
            if (group == 0 && element == 0x0100) {
                return (command[i + 8] & 0xFF) | (command[i + 9] & 0xFF) << 8;
            }
            i += 8 + length;
        }
        throw new AssertionError("no command field");
    }

    private String finish(Process process) throws Exception {
        assertTrue("DCMTK ended", process.waitFor(20, TimeUnit.SECONDS));
        return Files.readString(work.resolve("echoscu.out"), StandardCharsets.ISO_8859_1);
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(15_000);
        return socket;
    }
}
