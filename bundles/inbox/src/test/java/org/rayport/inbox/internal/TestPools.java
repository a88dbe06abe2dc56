package org.rayport.inbox.internal;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.rayport.people.Group;
import org.rayport.people.PeopleService;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;

/**
 * Pools held in a map. The real pool service keeps pools in ConfigAdmin and starts DICOM listeners, which need the
 * container (InboxIT runs against it); {@link #visibleTo} follows its rule: granted to the user or to one of the
 * user's enabled groups.
 */
final class TestPools implements PoolService {

    private final PeopleService people;
    private final Map<String, Pool> pools = new TreeMap<>();

    TestPools(PeopleService people) {
        this.people = people;
    }

    Pool put(String id, boolean cachePool, Set<String> users, Set<String> groups) {
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
        pools.put(pool.id(), pool);
        return pool;
    }

    @Override
    public Pool edit(Pool pool) {
        return add(pool);
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
        Set<String> groups = new HashSet<>();
        for (Group group : people.groupsOf(userId)) {
            if (group.enabled()) {
                groups.add(group.id());
            }
        }
        Set<String> visible = new HashSet<>();
        for (Pool pool : pools.values()) {
            if (pool.options().enabled()
                    && (pool.users().contains(userId) || !Collections.disjoint(pool.groups(), groups))) {
                visible.add(pool.id());
            }
        }
        return visible;
    }
}
