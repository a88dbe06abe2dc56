package org.rayport.dicom.net.pdu;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class PduCodecTest {

    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final UserInformation OURS = new UserInformation(16384, "2.25.1234", "RAYPORT_0.1", 1, 1,
            List.of(new RoleSelection(CT_IMAGE, false, true)));

    private static Pdu roundTrip(Pdu pdu) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new PduWriter(bytes).write(pdu);
        return new PduReader(new ByteArrayInputStream(bytes.toByteArray()), 1 << 20).read();
    }

    @Test
    public void associationPdusSurviveARoundTrip() throws IOException {
        AssociateRequest request = new AssociateRequest(AeTitle.of("PACS"), AeTitle.of("RAYPORT"), List.of(
                new PresentationContext(1, VERIFICATION, List.of(IMPLICIT_LE)),
                new PresentationContext(3, CT_IMAGE, List.of(EXPLICIT_LE, IMPLICIT_LE))), OURS);
        assertEquals(request, roundTrip(request));

        AssociateAccept accept = Negotiation.accept(request, Map.of(CT_IMAGE, List.of(IMPLICIT_LE, EXPLICIT_LE)),
                UserInformation.of(32768, "2.25.99", null));
        assertEquals(accept, roundTrip(accept));
        assertEquals(PresentationContextResult.Result.ABSTRACT_SYNTAX_NOT_SUPPORTED, accept.result(1).get().result());
        assertEquals("the acceptor's preference wins", IMPLICIT_LE, accept.result(3).get().transferSyntax());

        assertEquals(AssociateReject.calledAeNotRecognized(), roundTrip(AssociateReject.calledAeNotRecognized()));
        assertEquals(new ReleaseRequest(), roundTrip(new ReleaseRequest()));
        assertEquals(new ReleaseResponse(), roundTrip(new ReleaseResponse()));
        assertEquals(Abort.unexpectedPdu(), roundTrip(Abort.unexpectedPdu()));
    }

    @Test
    public void dataTransferKeepsFragmentsAndFlags() throws IOException {
        DataTransfer data = new DataTransfer(List.of(
                new DataTransfer.Pdv(1, true, true, new byte[] {1, 2, 3}),
                new DataTransfer.Pdv(1, false, false, new byte[1000])));
        DataTransfer read = (DataTransfer) roundTrip(data);
        assertEquals(2, read.values().size());
        assertTrue(read.values().get(0).command());
        assertTrue(read.values().get(0).last());
        assertFalse(read.values().get(1).command());
        assertFalse(read.values().get(1).last());
        assertArrayEquals(new byte[] {1, 2, 3}, read.values().get(0).data());
    }

    @Test
    public void transferSyntaxesTheRequesterDidNotOfferAreRefused() {
        AssociateRequest request = new AssociateRequest(AeTitle.of("A"), AeTitle.of("B"),
                List.of(new PresentationContext(1, CT_IMAGE, List.of("1.2.840.10008.1.2.4.50"))), OURS);
        AssociateAccept accept = Negotiation.accept(request, Map.of(CT_IMAGE, List.of(IMPLICIT_LE)), OURS);
        assertEquals(PresentationContextResult.Result.TRANSFER_SYNTAXES_NOT_SUPPORTED, accept.result(1).get().result());
    }

    @Test
    public void malformedPdusAreRefusedWithTheirOffset() {
        assertMalformed(new byte[] {0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0}, "unknown PDU type");
        assertMalformed(new byte[] {0x04, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0}, "exceeds the limit");
        assertMalformed(new byte[] {0x01, 0, 0, 0, 0, 10, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, "fixed 68-byte header");
        assertMalformed(new byte[] {0x05, 0, 0, 0, 0, 2, 0, 0}, "expected 4 bytes");
        assertMalformed(new byte[] {0x04, 0, 0, 0, 0, 6, 0, 0, 0, 0x7F, 1, 3}, "does not fit");
        try {
            new PduReader(new ByteArrayInputStream(new byte[] {0x04, 0, 0, 0, 0, 100, 1, 2}), 1000).read();
            fail("a truncated PDU must not parse");
        } catch (IOException expected) {
            // EOFException: the peer went away in the middle of a PDU
        }
    }

    @Test
    public void anAssociationRequestWithAnOverrunningItemIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new PduWriter(bytes).write(new AssociateRequest(AeTitle.of("A"), AeTitle.of("B"),
                List.of(new PresentationContext(1, VERIFICATION, List.of(IMPLICIT_LE))), OURS));
        byte[] pdu = bytes.toByteArray();
        pdu[6 + 68 + 2] = (byte) 0x7F; // the application context item's length, now far beyond the PDU
        assertMalformed(pdu, "overruns");
    }

    private static void assertMalformed(byte[] pdu, String expectedProblem) {
        try {
            new PduReader(new ByteArrayInputStream(pdu), 1 << 16).read();
            fail("should be refused: " + expectedProblem);
        } catch (PduFormatException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expectedProblem));
            assertTrue(e.getMessage(), e.getMessage().startsWith("Malformed PDU at offset "));
        } catch (IOException e) {
            throw new AssertionError("expected a PduFormatException, got " + e, e);
        }
    }
}
