package org.rayport.dicom.net.pdu;

/** A-ABORT (PS3.8 table 9-26). Source 0 is the service user, 2 the service provider. */
public record Abort(int source, int reason) implements Pdu {

    public static Abort byUser() {
        return new Abort(0, 0);
    }

    /** The provider aborts because the peer sent something it cannot parse. */
    public static Abort unexpectedPdu() {
        return new Abort(2, 2);
    }

    @Override
    public int type() {
        return 0x07;
    }
}
