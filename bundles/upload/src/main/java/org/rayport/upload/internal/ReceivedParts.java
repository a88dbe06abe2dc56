package org.rayport.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rayport.dicom.codec.capture.ImageToDicom;
import org.rayport.upload.internal.FormDataReader.FormPart;

/**
 * What one upload request delivered: its form fields, and its files spooled to private temp files, each sniffed by
 * its first bytes (the declared Content-Type is not trusted). A part that is neither DICOM (Part 10) nor PDF, JPEG or
 * PNG is refused as soon as its first bytes are read, before the rest of it is spooled. {@link #close} deletes every
 * spooled file, whatever happened.
 */
final class ReceivedParts implements FormDataReader.PartHandler, AutoCloseable {

    /** What a spooled file holds. */
    enum Content { DICOM, PDF, JPEG, PNG }

    record SpooledFile(FormPart part, Path file, Content content, long size) {
    }

    /** Form fields are short texts; longer values are refused rather than buffered. */
    static final int MAX_FIELD_BYTES = 1024;
    /** Bytes read before a part's kind is decided: the DICOM preamble and "DICM" are the longest signature. */
    private static final int SNIFF_BYTES = 132;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final SpoolFolder spool;
    private final List<String> knownFields;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<SpooledFile> files = new ArrayList<>();
    private final List<Path> created = new ArrayList<>();

    ReceivedParts(SpoolFolder spool, List<String> knownFields) {
        this.spool = spool;
        this.knownFields = List.copyOf(knownFields);
    }

    @Override
    public void part(FormPart part, InputStream content) throws IOException {
        if (part.isFile()) {
            files.add(spool(part, content));
            return;
        }
        if (part.name() == null || !knownFields.contains(part.name())) {
            throw new InvalidField(part.name() == null ? "" : part.name(), part.describe() + " is neither a file"
                    + " (no filename in its Content-Disposition) nor one of the fields " + knownFields);
        }
        byte[] value = content.readNBytes(MAX_FIELD_BYTES + 1);
        if (value.length > MAX_FIELD_BYTES) {
            throw new InvalidField(part.name(), "the field " + part.name() + " is longer than " + MAX_FIELD_BYTES
                    + " bytes");
        }
        fields.put(part.name(), new String(value, StandardCharsets.UTF_8).strip());
    }

    private SpooledFile spool(FormPart part, InputStream content) throws IOException {
        Path file = spool.newFile(".part");
        created.add(file);
        long size;
        Content kind;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] head = content.readNBytes(SNIFF_BYTES);
            out.write(head);
            out.flush();
            kind = sniff(file, head).orElseThrow(() -> new UnsupportedPart(part.describe() + " is "
                    + describe(part.declaredType()) + " by its content, neither DICOM (Part 10) nor PDF, JPEG or"
                    + " PNG"));
            size = head.length + content.transferTo(out);
        }
        return new SpooledFile(part, file, kind, size);
    }

    private static String describe(String declaredType) {
        return declaredType == null ? "unknown" : "declared " + declaredType + " and unknown";
    }

    /**
     * The kind of a file by its first bytes, as {@link ImageToDicom#detect} tells it, narrowed to what uploads take:
     * of the images it knows, only PNG (and JPEG).
     */
    static Optional<Content> sniff(Path file, byte[] head) throws IOException {
        Optional<ImageToDicom.Kind> kind = ImageToDicom.detect(file);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        switch (kind.get()) {
            case DICOM:
                return Optional.of(Content.DICOM);
            case PDF:
                return Optional.of(Content.PDF);
            case JPEG:
                return Optional.of(Content.JPEG);
            case IMAGE:
                return Arrays.equals(head, 0, Math.min(head.length, PNG_SIGNATURE.length), PNG_SIGNATURE, 0,
                        PNG_SIGNATURE.length) ? Optional.of(Content.PNG) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    Map<String, String> fields() {
        return Map.copyOf(fields);
    }

    List<SpooledFile> files() {
        return List.copyOf(files);
    }

    /** Another temp file of this request (a converted part), deleted with the rest. */
    Path newFile(String suffix) throws IOException {
        Path file = spool.newFile(suffix);
        created.add(file);
        return file;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Path file : created) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        created.clear();
        if (first != null) {
            throw first;
        }
    }

    /** A part that is neither DICOM nor a permitted document or image: 415. */
    static final class UnsupportedPart extends IOException {
        private static final long serialVersionUID = 1L;

        UnsupportedPart(String message) {
            super(message);
        }
    }

    /** A form field that is unknown, too long or invalid: 400 naming it. */
    static final class InvalidField extends IOException {
        private static final long serialVersionUID = 1L;

        private final String field;

        InvalidField(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
