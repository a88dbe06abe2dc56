package org.rayport.dicom.net.association;

import java.io.IOException;

/** An association that could not be established or broke: refused, aborted, timed out, or a protocol error. */
public class AssociationException extends IOException {

    private static final long serialVersionUID = 1L;

    public AssociationException(String message) {
        super(message);
    }

    public AssociationException(String message, Throwable cause) {
        super(message, cause);
    }
}
