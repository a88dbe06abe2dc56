package org.rayport.pacsupload;

import java.time.Instant;

/**
 * One instance on its way to the PACS.
 *
 * @param queuedAt      when it was submitted, or retried by an administrator: the give-up period counts from here
 * @param attempts      attempts since {@code queuedAt}
 * @param nextAttemptAt when a PENDING entry is tried next; null otherwise
 * @param sentAt        when the PACS confirmed it; null unless SENT
 * @param lastError     why the last attempt failed (unreachable, association rejected, C-STORE status in hex), or
 *                      null
 */
public record UploadEntry(long id, String poolId, String sopInstanceUid, UploadState state, Instant submittedAt,
                          Instant queuedAt, int attempts, Instant lastAttemptAt, Instant nextAttemptAt,
                          Instant sentAt, String lastError) {
}
