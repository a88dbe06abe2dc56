package org.rayport.store.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which instance files are in use: read by open streams, or being deleted. A file being read is not deleted (the
 * deletion skips it); a file being deleted cannot be opened; a replaced file that is still being read is removed when
 * its last reader closes it.
 */
final class Leases {

    private static final int DELETING = -1;
    /** How many replaced files {@link #acquireKnown} remembers: far more than are replaced while a look-up is used. */
    static final int REPLACED_REMEMBERED = 4096;

    private final Map<String, Integer> uses = new HashMap<>();
    private final Set<String> removeWhenReleased = new HashSet<>();
    /** Files replaced by a newer copy and removed (or being removed) at once, the oldest first. */
    private final LinkedHashSet<String> replaced = new LinkedHashSet<>();

    /** False if the file is being deleted. */
    synchronized boolean acquire(String file) {
        Integer n = uses.get(file);
        if (n != null && n == DELETING) {
            return false;
        }
        uses.put(file, n == null ? 1 : n + 1);
        return true;
    }

    /**
     * As {@link #acquire}, for a file read from the index a moment ago, not under the index's current row: false also
     * if the file was replaced by a newer copy and is being removed (the caller looks the instance up again).
     * Deletion claims its files before removing their rows, so only replacement needs this.
     */
    synchronized boolean acquireKnown(String file) {
        return !replaced.contains(file) && acquire(file);
    }

    /** True if the caller must now remove the file: it was replaced while this last reader had it open. */
    synchronized boolean release(String file) {
        Integer n = uses.get(file);
        if (n == null || n <= 0) {
            throw new IllegalStateException("release of " + file + " without a lease");
        }
        if (n > 1) {
            uses.put(file, n - 1);
            return false;
        }
        uses.remove(file);
        return removeWhenReleased.remove(file);
    }

    /** Claims the file for deletion; false if anyone reads it. */
    synchronized boolean claimForDeletion(String file) {
        if (uses.containsKey(file)) {
            return false;
        }
        uses.put(file, DELETING);
        return true;
    }

    synchronized void deletionDone(String file) {
        uses.remove(file, DELETING);
    }

    /** For a replaced file: true if it may be removed now, else it is removed by the last {@link #release}. */
    synchronized boolean removeNowOrWhenReleased(String file) {
        Integer n = uses.get(file);
        replaced.add(file);
        if (replaced.size() > REPLACED_REMEMBERED) {
            replaced.remove(replaced.iterator().next());
        }
        if (n != null && n > 0) {
            removeWhenReleased.add(file);
            return false;
        }
        return true;
    }

    synchronized boolean inUse(String file) {
        return uses.containsKey(file);
    }
}
