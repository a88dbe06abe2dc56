package org.rayport.dicom.net.pdu;

import java.io.IOException;

/** A PDU that breaks PS3.8; the message names the byte offset within the PDU and the problem. */
public class PduFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public PduFormatException(long offset, String problem) {
        super("Malformed PDU at offset " + offset + ": " + problem);
    }
}
