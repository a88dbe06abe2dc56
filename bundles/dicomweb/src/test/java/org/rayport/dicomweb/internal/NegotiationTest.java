package org.rayport.dicomweb.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import javax.ws.rs.core.MediaType;

import org.junit.Test;

public class NegotiationTest {

    private static MediaType multipart(String type, String syntax) {
        return new MediaType("multipart", "related", syntax == null ? Map.of("type", type)
                : Map.of("type", "\"" + type + "\"", "transfer-syntax", syntax));
    }

    @Test
    public void theFirstSatisfiableRangeWins() {
        Negotiation.Choice choice = Negotiation.choose(List.of(new MediaType("application", "dicom+xml"),
                multipart("application/dicom", "*")), "Instances", Negotiation.MULTIPART_DICOM);
        assertEquals(Negotiation.MULTIPART_DICOM, choice.offered());
        assertEquals("*", choice.acceptedParameter("transfer-syntax"));
        assertEquals(Negotiation.MULTIPART_DICOM, Negotiation.choose(List.of(MediaType.WILDCARD_TYPE), "Instances",
                Negotiation.MULTIPART_DICOM).offered());
        assertEquals("multipart/related without type takes the default", Negotiation.MULTIPART_OCTETS,
                Negotiation.choose(List.of(new MediaType("multipart", "related")), "Bulk data",
                        Negotiation.MULTIPART_OCTETS, MediaType.APPLICATION_OCTET_STREAM_TYPE).offered());
        assertEquals(MediaType.APPLICATION_OCTET_STREAM_TYPE, Negotiation.choose(
                List.of(MediaType.APPLICATION_OCTET_STREAM_TYPE), "Bulk data", Negotiation.MULTIPART_OCTETS,
                MediaType.APPLICATION_OCTET_STREAM_TYPE).offered());
    }

    @Test
    public void aRangeTheResourceCannotServeIsPassedOverForTheNextOne() {
        MediaType jls = Negotiation.multipart("image/jls");
        List<MediaType> accepted = List.of(multipart("image/jls", "1.2.840.10008.1.2.4.81"),
                multipart("application/octet-stream", "1.2.840.10008.1.2.1"));
        Negotiation.Choice choice = Negotiation.choose(accepted, "Frames", (range, candidate) ->
                !"1.2.840.10008.1.2.4.81".equals(Negotiation.unquoted(range.getParameters().get("transfer-syntax"))),
                Negotiation.MULTIPART_OCTETS, jls);
        assertEquals(Negotiation.MULTIPART_OCTETS, choice.offered());
        assertEquals("1.2.840.10008.1.2.1", choice.acceptedParameter("transfer-syntax"));
        try {
            Negotiation.choose(accepted.subList(0, 1), "Frames", (range, candidate) -> false, jls);
            fail("nothing servable must be refused");
        } catch (DicomWebException expected) {
            assertEquals(406, expected.getResponse().getStatus());
        }
    }

    @Test
    public void anUnsatisfiableAcceptIs406() {
        try {
            Negotiation.choose(List.of(multipart("image/jpeg", null)), "Instances", Negotiation.MULTIPART_DICOM);
            fail("served DICOM to a client that asked for JPEG");
        } catch (DicomWebException e) {
            assertEquals(406, e.getResponse().getStatus());
            assertTrue(e.getMessage(), e.getMessage().contains("image/jpeg"));
        }
        try {
            Negotiation.choose(List.of(new MediaType("application", "dicom+xml", Map.of("q", "1")),
                    new MediaType("application", "dicom+json", Map.of("q", "0"))), "Metadata", Negotiation.DICOM_JSON);
            fail("q=0 means not acceptable");
        } catch (DicomWebException e) {
            assertEquals(406, e.getResponse().getStatus());
        }
    }

    @Test
    public void acceptHeadersKeepUnquotedTransferSyntaxesWhole() {
        // CXF's own parser drops transfer-syntax=* and cuts 1.2.840.10008.1.2.4.70 to 1: these must survive.
        List<MediaType> ranges = Negotiation.accepted("multipart/related; type=\"application/octet-stream\";"
                + " transfer-syntax=1.2.840.10008.1.2.4.70, multipart/related; type=image/jls; q=0.5,"
                + " multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
        assertEquals(3, ranges.size());
        assertEquals("1.2.840.10008.1.2.4.70", ranges.get(0).getParameters().get("transfer-syntax"));
        assertEquals("q=1 ranges first, in the client's order", "*", ranges.get(1).getParameters().get("transfer-syntax"));
        assertEquals("image/jls", ranges.get(2).getParameters().get("type"));
        assertEquals("no header is anything", List.of(MediaType.WILDCARD_TYPE), Negotiation.accepted(null));
        assertEquals("a quoted comma is no separator", 1,
                Negotiation.accepted("multipart/related; type=\"a,b\"").size());
        try {
            Negotiation.accepted("dicom+json");
            fail("a range without a slash was accepted");
        } catch (DicomWebException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("dicom+json"));
        }
    }
}
