package org.rayport.dicomweb.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.Test;

/** What MultipartWriter writes, mime4j (through MultipartReader) reads back byte for byte, whatever the content. */
public class MultipartTest {

    private record Part(String type, byte[] content) {
    }

    private static List<Part> readBack(byte[] body, String contentType) throws IOException {
        List<Part> parts = new ArrayList<>();
        MultipartReader.read(new ByteArrayInputStream(body), contentType,
                (index, type, content) -> parts.add(new Part(type, content.readAllBytes())));
        return parts;
    }

    @Test
    public void binaryPartsSurviveTheRoundTripExactly() throws IOException {
        Random random = new Random(42);
        String boundary = MultipartWriter.newBoundary();
        byte[] large = new byte[3 * 1024 * 1024 + 17];
        random.nextBytes(large);
        // Content that looks like framing: CRLF, a dash pair, a boundary prefix and a line far longer than any limit.
        byte[] tricky = ("\r\n--" + boundary.substring(0, 10) + "\r\n--\r\n" + "x".repeat(100_000) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] empty = new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultipartWriter writer = new MultipartWriter(out, boundary);
        writer.part("application/dicom", new ByteArrayInputStream(large));
        writer.part("application/octet-stream", new ByteArrayInputStream(tricky), tricky.length);
        writer.part("application/dicom", new ByteArrayInputStream(empty));
        writer.finish();

        List<Part> parts = readBack(out.toByteArray(), MultipartWriter.contentType("application/dicom", boundary));
        assertEquals(3, parts.size());
        assertEquals("application/dicom", parts.get(0).type());
        assertArrayEquals(large, parts.get(0).content());
        assertEquals("application/octet-stream", parts.get(1).type());
        assertArrayEquals(tricky, parts.get(1).content());
        assertArrayEquals(empty, parts.get(2).content());
    }

    @Test
    public void theWrittenFramingIsRfc2046() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultipartWriter writer = new MultipartWriter(out, "B");
        writer.part("application/dicom", new ByteArrayInputStream(new byte[] {1, 2}));
        writer.finish();
        assertArrayEquals(("--B\r\nContent-Type: application/dicom\r\n\r\n\u0001\u0002\r\n--B--\r\n")
                .getBytes(StandardCharsets.US_ASCII), out.toByteArray());
    }

    @Test
    public void aPartShorterThanAnnouncedFailsTheWriter() {
        MultipartWriter writer = new MultipartWriter(new ByteArrayOutputStream(), "B");
        try {
            writer.part("application/octet-stream", new ByteArrayInputStream(new byte[10]), 11);
            fail("a short source was written as if whole");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("1 bytes early"));
        }
    }

    @Test
    public void aBodyWithoutBoundaryIsMalformed() {
        try {
            readBack("just bytes".getBytes(StandardCharsets.US_ASCII), "multipart/related; type=\"application/dicom\"");
            fail("read a body without boundary");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e instanceof MultipartReader.MalformedMultipartException
                    && e.getMessage().contains("no boundary"));
        }
    }

    @Test
    public void partsOfAnotherClientsFramingAreRead() throws IOException {
        // As curl and Orthanc write it: a preamble, headers with extra fields, transfer-encoding binary, no final CRLF.
        String body = "preamble\r\n--XyZ\r\nContent-Type: application/dicom\r\nContent-Length: 3\r\n"
                + "Content-Transfer-Encoding: binary\r\n\r\nabc\r\n--XyZ\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--";
        List<Part> parts = readBack(body.getBytes(StandardCharsets.US_ASCII),
                "multipart/related; type=\"application/dicom\"; boundary=XyZ");
        assertEquals(2, parts.size());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), parts.get(0).content());
        assertEquals("text/plain", parts.get(1).type());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), parts.get(1).content());
    }

    @Test
    public void tooManyHeaderLinesAreRefused() {
        StringBuilder body = new StringBuilder("--B\r\n");
        for (int i = 0; i < 1000; i++) {
            body.append("X-Header-").append(i).append(": v\r\n");
        }
        body.append("\r\nabc\r\n--B--\r\n");
        try {
            readBack(body.toString().getBytes(StandardCharsets.US_ASCII), "multipart/related; boundary=B");
            fail("read 1000 header lines");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e instanceof MultipartReader.MalformedMultipartException);
        }
    }
}
