package org.rayport.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.MimeIOException;
import org.apache.james.mime4j.io.MaxHeaderLengthLimitException;
import org.apache.james.mime4j.io.MaxHeaderLimitException;
import org.apache.james.mime4j.io.MaxLineLimitException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Reads a {@code multipart/form-data} request body part by part with Apache James mime4j's pull parser: each part's
 * content is handed over as a stream straight from the request, never buffered whole. Part headers are bounded
 * (count, length of one header, length of a line), so a hostile body cannot make the parser allocate without limit.
 *
 * <p>Parsing is strict: a body that ends before its closing boundary (a client that dropped the connection, a proxy
 * that cut it) is an error, not a short last part. Callers therefore keep what a part gave them provisional until
 * {@link #read} returns.
 */
final class FormDataReader {

    static final int MAX_HEADER_COUNT = 32;
    static final int MAX_HEADER_LENGTH = 8 * 1024;

    /** One part's headers, as the form names it. */
    record FormPart(int index, String name, String filename, String declaredType) {

        /** A file part: it names a file name (possibly empty), as browsers and HTTP client libraries do. */
        boolean isFile() {
            return filename != null;
        }

        /** "part 2 ("photo.png")", for messages. */
        String describe() {
            String label = filename != null && !filename.isEmpty() ? filename : name;
            return "part " + (index + 1) + (label == null ? "" : " (" + label + ")");
        }
    }

    /** Receives each part as it is reached; the stream ends at the part's end. */
    @FunctionalInterface
    interface PartHandler {
        void part(FormPart part, InputStream content) throws IOException;
    }

    private static final MimeConfig LIMITS = MimeConfig.custom()
            .setMaxHeaderCount(MAX_HEADER_COUNT)
            .setMaxHeaderLen(MAX_HEADER_LENGTH)
            .setMaxLineLen(MAX_HEADER_LENGTH)
            .setMaxContentLen(-1)
            .setStrictParsing(true)
            .build();

    private FormDataReader() {
    }

    /**
     * Reads every part of {@code body}, whose Content-Type header is {@code contentType}.
     *
     * @return the number of parts
     * @throws MalformedFormDataException the body is no multipart (no boundary), ends before its closing boundary, or
     *                                    its framing is broken
     * @throws HeadersTooLargeException   a part has more or longer headers than the limits
     * @throws IOException                reading the request failed (the client went away)
     */
    static int read(InputStream body, String contentType, PartHandler handler) throws IOException {
        MimeTokenStream parser = new MimeTokenStream(LIMITS);
        parser.setRecursionMode(RecursionMode.M_NO_RECURSE);
        parser.parseHeadless(body, contentType);
        int parts = 0;
        boolean multipart = false;
        boolean ended = false;
        String name = null;
        String filename = null;
        try {
            for (EntityState state = parser.getState(); state != EntityState.T_END_OF_STREAM;
                    state = parser.next()) {
                switch (state) {
                    case T_START_MULTIPART -> multipart = true;
                    case T_START_BODYPART -> {
                        name = null;
                        filename = null;
                    }
                    case T_FIELD -> {
                        Field field = parser.getField();
                        if (field.getName().equalsIgnoreCase("Content-Disposition")) {
                            RawBody disposition = RawFieldParser.DEFAULT.parseRawBody(
                                    RawFieldParser.DEFAULT.parseField(field.getRaw()));
                            for (NameValuePair parameter : disposition.getParams()) {
                                String key = parameter.getName().toLowerCase(Locale.ROOT);
                                if (key.equals("name")) {
                                    name = parameter.getValue();
                                } else if (key.equals("filename")) {
                                    filename = parameter.getValue() == null ? "" : parameter.getValue();
                                }
                            }
                        }
                    }
                    case T_BODY -> {
                        if (!multipart) {
                            throw new MalformedFormDataException("the body is not multipart: its Content-Type '"
                                    + contentType + "' names no boundary");
                        }
                        handler.part(new FormPart(parts++, name, filename, parser.getBodyDescriptor().getMimeType()),
                                parser.getDecodedInputStream());
                    }
                    case T_END_MULTIPART -> ended = true;
                    default -> {
                        // preamble, epilogue, header ends: nothing to do
                    }
                }
            }
        } catch (MimeException | MimeIOException | MaxLineLimitException e) {
            if (exceedsLimit(e)) {
                throw new HeadersTooLargeException("part " + (parts + 1) + " has too many or too long headers (at"
                        + " most " + MAX_HEADER_COUNT + " headers of " + MAX_HEADER_LENGTH + " bytes)");
            }
            // The parser's complaints, also those surfacing from a part's stream (the body ending inside a part).
            throw new MalformedFormDataException("malformed multipart body at part " + Math.max(parts, 1) + ": "
                    + e.getMessage());
        }
        if (!multipart) {
            throw new MalformedFormDataException("the body is not multipart: its Content-Type '" + contentType
                    + "' names no boundary");
        }
        if (!ended) {
            throw new MalformedFormDataException("the body ends before its closing boundary (after " + parts
                    + " part(s)): the upload was cut off");
        }
        return parts;
    }

    /** Whether mime4j refused a header limit, which it reports directly or wrapped. */
    private static boolean exceedsLimit(Throwable refusal) {
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            if (cause instanceof MaxHeaderLimitException || cause instanceof MaxHeaderLengthLimitException
                    || cause instanceof MaxLineLimitException) {
                return true;
            }
        }
        return false;
    }

    /** The request body is not a readable multipart message: 400. */
    static final class MalformedFormDataException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedFormDataException(String message) {
            super(message);
        }
    }

    /** A part's headers exceed the limits: 431. */
    static final class HeadersTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        HeadersTooLargeException(String message) {
            super(message);
        }
    }
}
