package org.rayport.store;

import java.io.IOException;

/**
 * The data set offered for storage is not acceptable (truncated, not DICOM, lacking the UIDs the index needs, or
 * naming another SOP Instance UID than announced). Nothing of it was kept. For parse errors the cause is a
 * {@code DicomParseException} with the byte offset.
 */
public class InvalidInstanceException extends IOException {

    private static final long serialVersionUID = 1L;

    public InvalidInstanceException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidInstanceException(String message) {
        super(message);
    }
}
