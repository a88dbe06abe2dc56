package org.rayport.pools;

import java.time.Instant;

/**
 * How a pool is doing right now.
 *
 * @param lastError what went wrong last (a port taken, a PACS unreachable), empty when nothing did
 * @param since when the pool entered this state
 */
public record PoolStatus(String poolId, State state, String lastError, Instant since) {

    public enum State {
        /** Configured and working. */
        RUNNING,
        /** Switched off by an administrator. */
        DISABLED,
        /** Configured but unable to work; {@link #lastError()} says why. */
        FAILED,
        /** Waiting for something it needs (e.g. the dataset store) to start. */
        STARTING
    }

    public PoolStatus {
        lastError = lastError == null ? "" : lastError;
    }
}
