package org.rayport.pools.internal.rest;

import java.time.Instant;

import org.rayport.pools.PoolStatus;

/**
 * How a pool is doing, on the wire.
 *
 * @param state RUNNING, DISABLED, FAILED or STARTING
 * @param lastError what went wrong last; empty when nothing did
 */
public record PoolStatusDto(String poolId, String state, String lastError, Instant since) {

    static PoolStatusDto of(PoolStatus status) {
        return new PoolStatusDto(status.poolId(), status.state().name(), status.lastError(), status.since());
    }
}
