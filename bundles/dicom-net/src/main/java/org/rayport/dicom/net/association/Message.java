package org.rayport.dicom.net.association;

/**
 * One DIMSE message as it travels: the encoded command set and, when the command announces one, the encoded data
 * set, both in the transfer syntax of their presentation context (commands are always implicit VR little endian).
 *
 * @param dataSet null when the message carries no data set
 */
public record Message(int presentationContextId, byte[] command, byte[] dataSet) {
}
