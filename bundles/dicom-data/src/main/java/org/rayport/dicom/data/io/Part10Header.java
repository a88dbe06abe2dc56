package org.rayport.dicom.data.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;

/**
 * The preamble and File Meta Information of a Part 10 stream, read so that the stream is left at the first byte of
 * the data set (which can then be stored as it arrives) and so that an instance's identity is known without reading
 * its data set. {@link Part10Reader} reads whole files from streams (loading every value), so only the meta group,
 * whose length (0002,0000) announces, is handed to it here.
 */
public record Part10Header(String sopClassUid, String sopInstanceUid, TransferSyntax transferSyntax) {

    /** Longer meta groups than this are not plausible (a few hundred bytes is usual). */
    public static final int MAX_META_LENGTH = 64 * 1024;

    /** The stream does not start as a DICOM Part 10 file. */
    public static final class NotPart10Exception extends IOException {
        private static final long serialVersionUID = 1L;

        NotPart10Exception(String message) {
            super(message);
        }

        NotPart10Exception(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reads preamble, "DICM" and the meta group, leaving {@code in} at the data set. */
    public static Part10Header read(InputStream in) throws IOException {
        byte[] prefix = in.readNBytes(132 + 12);
        if (prefix.length < 132 || prefix[128] != 'D' || prefix[129] != 'I' || prefix[130] != 'C'
                || prefix[131] != 'M') {
            throw new NotPart10Exception("not a DICOM Part 10 file: no 'DICM' at offset 128");
        }
        if (prefix.length < 144 || prefix[132] != 0x02 || prefix[133] != 0 || prefix[134] != 0 || prefix[135] != 0
                || prefix[136] != 'U' || prefix[137] != 'L' || prefix[138] != 4 || prefix[139] != 0) {
            throw new NotPart10Exception("no File Meta Information Group Length (0002,0000) UL at offset 132");
        }
        long length = (prefix[140] & 0xFFL) | (prefix[141] & 0xFFL) << 8 | (prefix[142] & 0xFFL) << 16
                | (prefix[143] & 0xFFL) << 24;
        if (length > MAX_META_LENGTH) {
            throw new NotPart10Exception("File Meta Information Group Length " + length + " at offset 140 exceeds "
                    + MAX_META_LENGTH + " bytes");
        }
        byte[] group = in.readNBytes((int) length);
        if (group.length < length) {
            throw new NotPart10Exception("the File Meta Information ends after " + group.length + " of " + length
                    + " bytes (offset " + (144 + group.length) + ")");
        }
        Attributes meta;
        try {
            meta = Part10Reader.defaults().parseDataSet(new ByteArrayInputStream(group),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        } catch (IOException | RuntimeException e) {
            throw new NotPart10Exception("unreadable File Meta Information: " + e.getMessage(), e);
        }
        String syntax = meta.getString(Tags.TRANSFER_SYNTAX_UID);
        String sopClass = meta.getString(Tags.MEDIA_STORAGE_SOP_CLASS_UID);
        String sopInstance = meta.getString(Tags.MEDIA_STORAGE_SOP_INSTANCE_UID);
        if (syntax == null || syntax.isBlank() || sopClass == null || sopClass.isBlank() || sopInstance == null
                || sopInstance.isBlank()) {
            throw new NotPart10Exception("the File Meta Information lacks the Transfer Syntax, Media Storage SOP"
                    + " Class or Media Storage SOP Instance UID");
        }
        return new Part10Header(sopClass.strip(), sopInstance.strip(), TransferSyntax.of(syntax));
    }
}
