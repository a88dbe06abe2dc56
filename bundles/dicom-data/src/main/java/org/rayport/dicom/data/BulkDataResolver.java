package org.rayport.dicom.data;

import java.io.IOException;

/**
 * Turns a bulk data reference met while reading DICOM JSON or XML (BulkDataURI,
 * {@code <BulkData uri>}) into the value, e.g. by fetching it, or into a lazy
 * {@link BulkData} whose source fetches it when read.
 */
@FunctionalInterface
public interface BulkDataResolver {

    BulkData resolve(String uri, Tag tag, Vr vr) throws IOException;

    /** Refuses references: for documents that must be self-contained. */
    static BulkDataResolver none() {
        return (uri, tag, vr) -> {
            throw new IOException(tag + " " + vr + " refers to bulk data at '" + uri
                    + "' but no BulkDataResolver was given to fetch it");
        };
    }
}
