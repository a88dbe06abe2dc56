package org.rayport.store;

/** How much a pool holds; {@code bytes} counts the Part 10 sizes, {@code storedBytes} the encrypted files. */
public record PoolCounts(String poolId, long patients, long studies, long series, long instances, long bytes,
                         long storedBytes) {
}
