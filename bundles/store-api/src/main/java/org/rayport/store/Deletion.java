package org.rayport.store;

import java.util.List;

/**
 * What a deletion did.
 *
 * @param studies          study instance UIDs of which at least one instance was deleted
 * @param instances        instances deleted
 * @param bytes            bytes of encrypted files removed from disk
 * @param skippedInUse     instances left in place because they were being read or written; a later run retries them
 */
public record Deletion(List<String> studies, int instances, long bytes, int skippedInUse) {

    public Deletion {
        studies = List.copyOf(studies);
    }

    public static Deletion nothing() {
        return new Deletion(List.of(), 0, 0, 0);
    }
}
