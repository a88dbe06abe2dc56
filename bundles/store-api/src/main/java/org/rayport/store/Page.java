package org.rayport.store;

import java.util.List;

/**
 * One page of a result.
 *
 * @param total how many items match the query in all, or {@link #TOTAL_NOT_COUNTED} when the query asked not to count
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    /** The total of a page whose query left the count out ({@link StudyQuery#withoutTotal()}). */
    public static final long TOTAL_NOT_COUNTED = -1;

    public Page {
        items = List.copyOf(items);
    }
}
