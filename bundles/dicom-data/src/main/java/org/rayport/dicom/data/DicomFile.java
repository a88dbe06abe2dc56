package org.rayport.dicom.data;

/**
 * A DICOM Part 10 file as read: the File Meta Information (group 0002), the data set,
 * and the transfer syntax the data set was encoded in. Immutable.
 */
public record DicomFile(Attributes meta, Attributes dataset, TransferSyntax transferSyntax) {
}
