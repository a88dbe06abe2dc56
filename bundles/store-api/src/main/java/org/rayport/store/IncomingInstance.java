package org.rayport.store;

import java.util.Objects;

import org.rayport.dicom.data.TransferSyntax;

/**
 * An instance about to be stored, as a C-STORE announces it: its data set follows as a stream (no File Meta
 * Information) encoded in {@code transferSyntax}.
 *
 * @param sourceAeTitle the calling AE title of the sender, or null for a file import
 */
public record IncomingInstance(String sopClassUid, String sopInstanceUid, TransferSyntax transferSyntax,
                               String sourceAeTitle) {

    public IncomingInstance {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(transferSyntax, "transferSyntax");
    }
}
