package org.rayport.pseudonymization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.rayport.dicom.data.TransferSyntax;

/**
 * Applies the PS3.15 Annex E Basic Application Level Confidentiality Profile (table E.1-1) to data sets of a pool.
 * Replacements are derived from the original values with a secret of the pool (HMAC-SHA256), so the same patient,
 * study, series and instance get the same pseudonyms in the same pool, across restarts, without a lookup table; two
 * pools give different pseudonyms. Text burned into the pixel data is not removed (BurnedInAnnotation stays as it is).
 */
public interface Pseudonymizer {

    /**
     * The UID that replaces {@code uid} in the pool: {@code 2.25.<128 bits of the HMAC>}; the SOP Instance UID under
     * which a pseudonymized instance is stored. Well-known UIDs of PS3.6 (SOP classes, transfer syntaxes) stay.
     */
    String pseudonymousUid(String poolId, String uid) throws IOException;

    /**
     * The pseudonymized data set, produced while it is read: header attributes are replaced element by element,
     * bulk values (pixel data) copied through, so any size passes in constant memory. Input that is not DICOM makes
     * {@code read} throw an IOException naming the problem and its offset.
     *
     * @param dataSet a data set without File Meta Information, in {@code syntax}; the result is in the same syntax
     */
    InputStream pseudonymize(String poolId, TransferSyntax syntax, InputStream dataSet) throws IOException;

    /**
     * Writes a pseudonymized copy of a Part 10 file; its File Meta Information names the new SOP Instance UID.
     */
    void pseudonymizeFile(String poolId, Path part10File, Path target) throws IOException;
}
