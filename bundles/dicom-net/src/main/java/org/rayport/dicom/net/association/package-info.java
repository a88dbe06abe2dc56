/**
 * Associations over TCP: a requester connects and negotiates, an acceptor listens for many AE titles with a bounded
 * number of workers; both exchange whole DIMSE messages (command set bytes plus optional data set bytes), fragmented
 * into and reassembled from P-DATA-TF PDUs within the peer's maximum PDU length.
 */
@org.osgi.annotation.versioning.Version("0.3.0")
package org.rayport.dicom.net.association;
