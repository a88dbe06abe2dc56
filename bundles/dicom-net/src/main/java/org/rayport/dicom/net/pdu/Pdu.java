package org.rayport.dicom.net.pdu;

/** One protocol data unit of PS3.8 section 9.3. */
public sealed interface Pdu permits AssociateRequest, AssociateAccept, AssociateReject, DataTransfer, ReleaseRequest,
        ReleaseResponse, Abort {

    /** The PDU type byte. */
    int type();
}
