package org.rayport.dicomweb.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes a {@code multipart/related} body (RFC 2387) part by part onto a stream, copying each part's content from its
 * source as it goes, so a response of any size streams in constant memory. Written here rather than taken from a
 * library: it is a delimiter line, one header and the bytes per part, and the libraries at hand (CXF's attachment
 * writer, mime4j's DOM) want the parts as objects first.
 */
final class MultipartWriter {

    private final OutputStream out;
    private final String boundary;
    /** One copy buffer for all parts of a body: a new one per part was 256 KiB of garbage per instance. */
    private byte[] buffer;

    MultipartWriter(OutputStream out, String boundary) {
        this.out = out;
        this.boundary = boundary;
    }

    /** A boundary that cannot occur in DICOM data by chance (a random UUID). */
    static String newBoundary() {
        return "rayport-" + UUID.randomUUID();
    }

    /** The response's Content-Type, e.g. {@code multipart/related; type="application/dicom"; boundary=...}. */
    static String contentType(String partType, String boundary) {
        return "multipart/related; type=\"" + partType + "\"; boundary=" + boundary;
    }

    /** Writes one part: its Content-Type, a blank line, then everything {@code content} delivers (its transferTo). */
    void part(String contentType, InputStream content) throws IOException {
        header(contentType);
        // The store's streams decrypt segment by segment straight into the response here (no buffer per file).
        content.transferTo(out);
        out.write(CRLF);
    }

    /** Writes one part whose content is {@code content}, in one write. */
    void part(String contentType, byte[] content) throws IOException {
        header(contentType);
        out.write(content);
        out.write(CRLF);
    }

    /** Writes one part of {@code length} bytes from {@code content}, failing if the source ends early. */
    void part(String contentType, InputStream content, long length) throws IOException {
        header(contentType);
        byte[] buffer = buffer();
        long left = length;
        while (left > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the source of a part ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        out.write(CRLF);
    }

    /** Writes the closing delimiter and flushes; the stream stays open. */
    void finish() throws IOException {
        out.write(("--" + boundary + "--").getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.flush();
    }

    private byte[] buffer() {
        if (buffer == null) {
            buffer = new byte[COPY_BUFFER];
        }
        return buffer;
    }

    private void header(String contentType) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Copies in large writes ({@code transferTo}'s 8 KiB means many more calls into the servlet stream), and below
     * half a G1 region (1 MiB regions on Rayport's heap) so the buffer is not a humongous object.
     */
    private static final int COPY_BUFFER = 256 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
}
