package org.rayport.dicom.codec;

import org.rayport.dicom.data.TransferSyntax;

/** No codec of this bundle decodes (or encodes) the transfer syntax, or not for these pixels. */
public class UnsupportedTransferSyntaxException extends PixelDataException {

    private static final long serialVersionUID = 1L;

    private final String transferSyntaxUid;

    public UnsupportedTransferSyntaxException(TransferSyntax syntax, String reason) {
        super(syntax + ": " + reason);
        this.transferSyntaxUid = syntax.uid();
    }

    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }
}
