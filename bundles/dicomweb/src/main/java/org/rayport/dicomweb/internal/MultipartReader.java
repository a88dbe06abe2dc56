package org.rayport.dicomweb.internal;

import java.io.IOException;
import java.io.InputStream;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Reads a {@code multipart/related} request body part by part with Apache James mime4j's pull parser: each part's
 * content is handed over as a stream straight from the request, never buffered whole, and never spooled to disk in
 * plain text (as CXF's attachment support does above its memory threshold). Headers are bounded (count and size), so
 * a hostile body cannot make the parser allocate without limit.
 */
final class MultipartReader {

    /** Receives each part as it is reached; the stream ends at the part's end and is drained by the reader after. */
    @FunctionalInterface
    interface PartHandler {
        void part(int index, String contentType, InputStream content) throws IOException;
    }

    private static final MimeConfig LIMITS = MimeConfig.custom()
            .setMaxHeaderCount(100)
            .setMaxHeaderLen(8 * 1024)
            .setMaxLineLen(8 * 1024)
            .setMaxContentLen(-1)
            .build();

    private MultipartReader() {
    }

    /**
     * Reads every part of {@code body}, whose Content-Type header is {@code contentType}.
     *
     * @return the number of parts
     * @throws MalformedMultipartException the body is no multipart (no boundary), or its framing or headers are
     *                                     broken; parts handled before that stay handled
     */
    static int read(InputStream body, String contentType, PartHandler handler) throws IOException {
        MimeTokenStream parser = new MimeTokenStream(LIMITS);
        parser.setRecursionMode(RecursionMode.M_NO_RECURSE);
        parser.parseHeadless(body, contentType);
        int parts = 0;
        boolean multipart = false;
        try {
            for (EntityState state = parser.getState(); state != EntityState.T_END_OF_STREAM;
                    state = parser.next()) {
                if (state == EntityState.T_START_MULTIPART) {
                    multipart = true;
                } else if (state == EntityState.T_BODY) {
                    if (!multipart) {
                        throw new MalformedMultipartException("the body is not multipart: its Content-Type '"
                                + contentType + "' names no boundary");
                    }
                    handler.part(parts++, parser.getBodyDescriptor().getMimeType(), parser.getDecodedInputStream());
                }
            }
        } catch (MimeException e) {
            throw new MalformedMultipartException("malformed multipart body after " + parts + " part(s): "
                    + e.getMessage());
        }
        if (!multipart) {
            throw new MalformedMultipartException("the body is not multipart: its Content-Type '" + contentType
                    + "' names no boundary");
        }
        return parts;
    }

    /** The request body is not a readable multipart message. */
    static final class MalformedMultipartException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedMultipartException(String message) {
            super(message);
        }
    }
}
