package org.rayport.testing;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.rayport.people.Group;
import org.rayport.people.PeopleService;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;

/**
 * Pools held in a map, for the unit tests of bundles that use the pool service. The real one keeps pools as
 * ConfigAdmin factory configurations and starts a component (and a DICOM listener) per pool, which needs the container;
 * the integration tests run against it. {@link #visibleTo} follows its rule: an enabled pool granted to the user or to
 * one of the user's enabled groups.
 */
public final class PoolsInMemory implements PoolService {

    private final Function<String, Set<String>> enabledGroupsOf;
    private final Map<String, Pool> pools = new TreeMap<>();

    /** Without people: only pools granted to a user directly are visible to it. */
    public PoolsInMemory() {
        this(user -> Set.of());
    }

    /** Grants through groups count too, as the people service tells a user's groups. */
    public PoolsInMemory(PeopleService people) {
        this(user -> people.groupsOf(user).stream().filter(Group::enabled).map(Group::id)
                .collect(Collectors.toSet()));
    }

    private PoolsInMemory(Function<String, Set<String>> enabledGroupsOf) {
        this.enabledGroupsOf = enabledGroupsOf;
    }

    /** An enabled user-storage pool named by its id, granted to these users and groups; replaces one of that id. */
    public Pool put(String id, boolean cachePool, Set<String> users, Set<String> groups) {
        PoolOptions options = new PoolOptions(true, "", cachePool, 0, 0, false, true, false);
        Pool pool = new Pool(id, id, options, new PoolSettings.UserStorage(), users, groups);
        pools.put(id, pool);
        return pool;
    }

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
        Set<String> groups = enabledGroupsOf.apply(userId);
        return pools.values().stream()
                .filter(pool -> pool.options().enabled())
                .filter(pool -> pool.users().contains(userId) || !Collections.disjoint(pool.groups(), groups))
                .map(Pool::id)
                .collect(Collectors.toSet());
    }
}
