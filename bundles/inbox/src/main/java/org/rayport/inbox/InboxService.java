package org.rayport.inbox;

import java.util.List;

/**
 * The inbox of each user: "new datasets from the accessible non-cache pools". Entries are created from the store's
 * arrivals; users only read, open and dismiss them. Every method answers for the pools the user may see now: an
 * entry of a pool whose access was withdrawn is neither listed nor counted.
 */
public interface InboxService {

    /** The user's entries, newest arrival first. */
    List<InboxEntry> entries(String userId, int offset, int limit);

    /** Entries not seen yet. */
    int unseenCount(String userId);

    /** @return false when the user has no such entry */
    boolean markSeen(String userId, String poolId, String studyInstanceUid);

    /** Removes the entry; further instances of the study create a new one. @return false when there was none */
    boolean dismiss(String userId, String poolId, String studyInstanceUid);
}
