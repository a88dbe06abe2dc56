package org.rayport.store;

import java.util.List;

/**
 * One page of a result.
 *
 * @param total how many items match the query in all
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    public Page {
        items = List.copyOf(items);
    }
}
