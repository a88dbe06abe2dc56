package org.rayport.dicom.net.pdu;

/** A-RELEASE-RQ. */
public record ReleaseRequest() implements Pdu {
    @Override
    public int type() {
        return 0x05;
    }
}
