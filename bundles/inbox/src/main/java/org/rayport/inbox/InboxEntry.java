package org.rayport.inbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One study in one user's inbox, with what the study list of the store says about it.
 *
 * @param patientName    null when the study is no longer in the store's index
 * @param studyDate      null when absent or invalid
 * @param instanceCount  instances that arrived since the entry was created
 * @param seen           the user opened the entry after its last arrival; new entries and entries that got more
 *                       instances since are unseen
 */
public record InboxEntry(String poolId, String studyInstanceUid, String patientName, LocalDate studyDate,
                         String description, List<String> modalities, int instanceCount, Instant firstArrival,
                         Instant lastArrival, boolean seen) {

    public InboxEntry {
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
    }
}
