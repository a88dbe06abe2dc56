package org.rayport.dicom.net.pdu;

/** A-RELEASE-RP. */
public record ReleaseResponse() implements Pdu {
    @Override
    public int type() {
        return 0x06;
    }
}
