package org.rayport.pools.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.rayport.pools.PoolStatus;

/**
 * The state each pool component reports about itself, read by the pool service, the shell and the pages. A service
 * of its own so that it outlives any one pool component being reconfigured.
 */
@Component(service = PoolStatusBoard.class)
public class PoolStatusBoard {

    private final Map<String, PoolStatus> statuses = new ConcurrentHashMap<>();
    private final Clock clock;
    private final java.time.Instant startedAt;

    @Activate
    public PoolStatusBoard() {
        this(Clock.systemUTC());
    }

    PoolStatusBoard(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** Since when pools that have reported nothing have been waiting: the board starts with the pools bundle. */
    public java.time.Instant startedAt() {
        return startedAt;
    }

    public void report(String poolId, PoolStatus.State state, String error) {
        statuses.compute(poolId, (id, previous) -> previous != null && previous.state() == state
                && previous.lastError().equals(error == null ? "" : error)
                ? previous : new PoolStatus(id, state, error, clock.instant()));
    }

    public void forget(String poolId) {
        statuses.remove(poolId);
    }

    public Optional<PoolStatus> status(String poolId) {
        return Optional.ofNullable(statuses.get(poolId));
    }

    public List<PoolStatus> all() {
        return List.copyOf(statuses.values());
    }
}
