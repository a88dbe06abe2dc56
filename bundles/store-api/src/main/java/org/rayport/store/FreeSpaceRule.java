package org.rayport.store;

/**
 * The free space the data disks should keep, as a service: registered by whoever owns that setting (the pools'
 * storage sweeps, PID {@code org.rayport.pools.storage}, {@code minimumFreeGb}). The store reads it to decide when new
 * data goes to the alternative working path instead of the working path. Without such a service the limit is 0.
 */
public interface FreeSpaceRule {

    /** Bytes that should stay free on each data disk; 0: no limit. */
    long minimumFreeBytes();
}
