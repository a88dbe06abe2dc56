package org.rayport.dicom.net.pdu;

/** A-ASSOCIATE-RJ (PS3.8 table 9-21): who refused the association, and why. */
public record AssociateReject(boolean permanent, Source source, int reason) implements Pdu {

    public enum Source {
        SERVICE_USER(1), SERVICE_PROVIDER_ACSE(2), SERVICE_PROVIDER_PRESENTATION(3);

        final int code;

        Source(int code) {
            this.code = code;
        }

        static Source of(int code) {
            for (Source source : values()) {
                if (source.code == code) {
                    return source;
                }
            }
            throw new IllegalArgumentException("Unknown reject source " + code);
        }
    }

    /** Reasons given by the service user. */
    public static final int NO_REASON = 1;
    public static final int APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
    public static final int CALLING_AE_NOT_RECOGNIZED = 3;
    public static final int CALLED_AE_NOT_RECOGNIZED = 7;

    public static AssociateReject calledAeNotRecognized() {
        return new AssociateReject(true, Source.SERVICE_USER, CALLED_AE_NOT_RECOGNIZED);
    }

    public static AssociateReject callingAeNotRecognized() {
        return new AssociateReject(true, Source.SERVICE_USER, CALLING_AE_NOT_RECOGNIZED);
    }

    @Override
    public int type() {
        return 0x03;
    }
}
