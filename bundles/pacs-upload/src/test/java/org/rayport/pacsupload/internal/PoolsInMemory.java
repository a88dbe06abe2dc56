package org.rayport.pacsupload.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolStatus;

/**
 * Pools kept in a map. The real pool service stores them as ConfigAdmin factory configurations and starts a
 * component per pool, which needs an OSGi framework; these tests only need the pools' list.
 */
final class PoolsInMemory implements PoolService {

    final Map<String, Pool> pools = new TreeMap<>();

    @Override
    public List<Pool> pools() {
        return List.copyOf(pools.values());
    }

    @Override
    public Optional<Pool> pool(String id) {
        return Optional.ofNullable(pools.get(id));
    }

    @Override
    public Pool add(Pool pool) {
        if (pools.putIfAbsent(pool.id(), pool) != null) {
            throw new PoolException(PoolException.Reason.CONFLICT, "Pool '" + pool.id() + "' exists");
        }
        return pool;
    }

    @Override
    public Pool edit(Pool pool) {
        pools.put(pool.id(), pool);
        return pool;
    }

    @Override
    public void remove(String id) {
        pools.remove(id);
    }

    @Override
    public List<PoolStatus> statuses() {
        return List.of();
    }

    @Override
    public Set<String> visibleTo(String userId) {
        return Set.of();
    }
}
