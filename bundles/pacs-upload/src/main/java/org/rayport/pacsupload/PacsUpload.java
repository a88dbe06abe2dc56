package org.rayport.pacsupload;

import java.util.List;
import java.util.Optional;

/**
 * The durable queue of instances to send to the PACS. Entries survive restarts; the sender (active only while the
 * {@code pacs-upload} module is licensed and a PACS is configured) sends pending entries by C-STORE and retries
 * failures with growing delays until it gives up; a given-up entry stays listed as {@link UploadState#FAILED}.
 */
public interface PacsUpload {

    /**
     * Queues one stored instance. The entry is committed to the database before this returns.
     *
     * @throws PacsUploadException (INVALID) when the pool id or UID is empty
     */
    UploadEntry submit(String poolId, String sopInstanceUid);

    /** Entries, newest first, at most {@code limit}; {@code state} null lists all states. */
    List<UploadEntry> entries(UploadState state, int limit);

    Optional<UploadEntry> entry(long id);

    /**
     * Makes an entry pending again, to be tried at once with a fresh give-up period.
     *
     * @throws PacsUploadException (NOT_FOUND) when there is no such entry
     */
    UploadEntry retry(long id);

    /** Makes every FAILED entry pending again; returns how many. */
    int retryAllFailed();

    UploadSummary summary();
}
