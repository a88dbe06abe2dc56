/**
 * The DICOM upper layer protocol (PS3.8 section 9): the seven protocol data units an association exchanges, their
 * encoding, and the negotiation of presentation contexts. Values are immutable; {@link PduReader} and
 * {@link PduWriter} move them over a socket's streams.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.rayport.dicom.net.pdu;
