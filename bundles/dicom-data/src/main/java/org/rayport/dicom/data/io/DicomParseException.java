package org.rayport.dicom.data.io;

import java.io.IOException;

/** Input that is not valid DICOM, with the byte offset where the problem was found. */
public class DicomParseException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    public DicomParseException(long offset, String problem) {
        super("at byte offset " + offset + ": " + problem);
        this.offset = offset;
    }

    /**
     * Offset from the start of the file; for deflated data sets, from the start of the
     * inflated data set (the message says so).
     */
    public long offset() {
        return offset;
    }
}
