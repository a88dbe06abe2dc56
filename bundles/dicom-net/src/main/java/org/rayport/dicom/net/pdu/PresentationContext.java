package org.rayport.dicom.net.pdu;

import java.util.List;

/**
 * What a requester proposes: one abstract syntax (SOP class) with the transfer syntaxes it can send or receive.
 *
 * @param id odd, 1 to 255
 */
public record PresentationContext(int id, String abstractSyntax, List<String> transferSyntaxes) {

    public PresentationContext {
        if (id < 1 || id > 255 || id % 2 == 0) {
            throw new IllegalArgumentException("Presentation context ID must be odd and 1 to 255: " + id);
        }
        Uids.check("abstract syntax", abstractSyntax);
        if (transferSyntaxes == null || transferSyntaxes.isEmpty()) {
            throw new IllegalArgumentException("Presentation context " + id + " proposes no transfer syntax");
        }
        transferSyntaxes.forEach(ts -> Uids.check("transfer syntax", ts));
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }
}
