package org.rayport.dicom.net.association;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Uids;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.dimse.Commands;
import org.rayport.dicom.net.dimse.ServiceClassProvider;
import org.rayport.dicom.net.dimse.Storage;
import org.rayport.dicom.net.dimse.Verification;
import org.rayport.dicom.net.pdu.AeTitle;
import org.rayport.dicom.net.pdu.AssociateRequest;
import org.rayport.dicom.net.pdu.PresentationContext;
import org.rayport.dicom.net.pdu.UserInformation;
import org.rayport.testing.Peers;

/**
 * DICOM TLS (PS3.15 annex B) with DCMTK on the other side: mutual certificates, each side trusting only the other's.
 * Keys are made at test time with openssl; a third "stranger" certificate is trusted by nobody.
 */
public class TlsTest {

    private static final UserInformation USER = UserInformation.of(16384, Uids.RAYPORT_IMPLEMENTATION_CLASS_UID, "RAYPORT");
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final List<String> SYNTAXES = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());

    private static Path keys;
    private static DicomTls rayportTls;

    private AssociationAcceptor acceptor;
    private Process peer;

    @BeforeClass
    public static void makeKeys() throws Exception {
        Peers.require("echoscu", "storescu", "storescp");
        keys = Files.createTempDirectory("tls-");
        for (String name : List.of("rayport", "dcmtk", "stranger")) {
            run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                    "-keyout", keys.resolve(name + ".key").toString(), "-out", keys.resolve(name + ".crt").toString());
        }
        run("openssl", "pkcs12", "-export", "-in", keys.resolve("rayport.crt").toString(), "-inkey",
                keys.resolve("rayport.key").toString(), "-out", keys.resolve("rayport.p12").toString(),
                "-passout", "pass:changeit");
        run("keytool", "-importcert", "-noprompt", "-alias", "dcmtk", "-file", keys.resolve("dcmtk.crt").toString(),
                "-keystore", keys.resolve("trusted.p12").toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        rayportTls = DicomTls.of(keys.resolve("rayport.p12"), PASSWORD, keys.resolve("trusted.p12"), PASSWORD);
    }

    private static void run(String... command) throws Exception {
        Peers.Result result = Peers.run(Files.createTempFile("tls-tool-", ".out"), List.of(command));
        assertEquals(result.output(), 0, result.exitCode());
    }

    @After
    public void stop() throws Exception {
        Peers.stop(peer);
        if (acceptor != null) {
            acceptor.close();
        }
    }

    private void startRayport(AssociationAcceptor.Handler handler) throws Exception {
        acceptor = AssociationAcceptor.start(new AssociationAcceptor.Settings(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), 4, USER).withTls(rayportTls),
                List.of(new AssociationAcceptor.Service(AeTitle.of("RAYPORT"), Map.of(Uids.VERIFICATION, SYNTAXES,
                        Uids.CT_IMAGE_STORAGE, SYNTAXES), Set.of(), handler)));
    }

    private List<String> dcmtkTls(String tool, String certificate, String... rest) {
        List<String> command = new java.util.ArrayList<>(List.of(tool, "+tls", keys.resolve(certificate + ".key").toString(),
                keys.resolve(certificate + ".crt").toString(), "-pw", "+cf", keys.resolve("rayport.crt").toString()));
        command.addAll(List.of(rest));
        return command;
    }

    @Test(timeout = 60_000)
    public void echoscuAndStorescuTalkToRayportOverTls() throws Exception {
        Path received = Files.createTempDirectory("tls-received-");
        startRayport(ServiceClassProvider.builder().storage(Storage.toDirectory(received)).build());
        String port = Integer.toString(acceptor.port());
        Peers.Result echo = Peers.run(keys.resolve("echo.out"), dcmtkTls("echoscu", "dcmtk",
                "-v", "-aec", "RAYPORT", "127.0.0.1", port));
        assertEquals(echo.output(), 0, echo.exitCode());

        Path file = keys.resolve("ct.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct("1.2.826.0.1.3680043.2.1125.9.1"), file);
        Peers.Result store = Peers.run(keys.resolve("store.out"), dcmtkTls("storescu", "dcmtk",
                "-v", "-aec", "RAYPORT", "127.0.0.1", port, file.toString()));
        assertEquals(store.output(), 0, store.exitCode());
        assertTrue(Files.exists(received.resolve("1.2.826.0.1.3680043.2.1125.9.1.dcm")));
    }

    @Test(timeout = 60_000)
    public void rayportRefusesCertificatesItDoesNotTrustAndPlainConnections() throws Exception {
        startRayport(Verification.scp());
        String port = Integer.toString(acceptor.port());
        Peers.Result stranger = Peers.run(keys.resolve("stranger.out"), dcmtkTls("echoscu", "stranger",
                "-aec", "RAYPORT", "127.0.0.1", port));
        assertNotEquals(stranger.output(), 0, stranger.exitCode());
        Peers.Result plain = Peers.run(keys.resolve("plain.out"), List.of("echoscu", "-to", "5", "-aec", "RAYPORT",
                "127.0.0.1", port));
        assertNotEquals(plain.output(), 0, plain.exitCode());
        // The listener is unharmed: a trusted peer still gets through.
        Peers.Result trusted = Peers.run(keys.resolve("trusted.out"), dcmtkTls("echoscu", "dcmtk",
                "-aec", "RAYPORT", "127.0.0.1", port));
        assertEquals(trusted.output(), 0, trusted.exitCode());
    }

    @Test(timeout = 60_000)
    public void rayportStoresIntoStorescpOverTlsAndRefusesAnUntrustedServer() throws Exception {
        Path received = Files.createTempDirectory("tls-storescp-");
        int port = Peers.freePort();
        peer = Peers.start(keys.resolve("storescp.out"), dcmtkTls("storescp", "dcmtk", "-aet", "STORESCP",
                "-od", received.toString(), Integer.toString(port)));
        Peers.awaitListening(port);
        Path file = keys.resolve("ct2.dcm");
        Part10Writer.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ct("1.2.826.0.1.3680043.2.1125.9.2"), file);
        AssociateRequest request = new AssociateRequest(AeTitle.of("STORESCP"), AeTitle.of("RAYPORT"),
                List.of(new PresentationContext(1, Uids.CT_IMAGE_STORAGE, SYNTAXES)), USER);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (Association association = Association.request(address, request, Duration.ofSeconds(10), rayportTls)) {
            assertEquals(Commands.SUCCESS, Storage.store(association, file, 1));
            association.release();
        }
        try (var listing = Files.list(received)) {
            assertEquals(1, listing.count());
        }

        Peers.stop(peer);
        int strangerPort = Peers.freePort();
        peer = Peers.start(keys.resolve("storescp-stranger.out"), dcmtkTls("storescp", "stranger", "-aet", "STORESCP",
                "-od", received.toString(), Integer.toString(strangerPort)));
        Peers.awaitListening(strangerPort);
        try (Association association = Association.request(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), strangerPort), request, Duration.ofSeconds(10),
                rayportTls)) {
            fail("An untrusted server was accepted");
        } catch (AssociationException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("TLS handshake"));
        }
    }

    private static Attributes ct(String sopInstance) {
        return Attributes.builder()
                .setString(Tags.SOP_CLASS_UID, Vr.UI, Uids.CT_IMAGE_STORAGE)
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, sopInstance)
                .setString(Tags.PATIENT_NAME, Vr.PN, "TLS^TEST")
                .build();
    }
}
