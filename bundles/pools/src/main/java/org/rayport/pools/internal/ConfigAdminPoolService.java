package org.rayport.pools.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.apache.karaf.config.core.ConfigRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.people.Group;
import org.rayport.people.PeopleService;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolException;
import org.rayport.pools.PoolService;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.PoolType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pools are factory configurations of {@code org.rayport.pools.<type>}, one per pool, handed by ConfigAdmin to its
 * type's DS component, so that adding, changing or removing a pool starts, reconfigures or stops just that pool.
 * They are written through Karaf's configuration repository as {@code etc/org.rayport.pools.<type>-<id>.cfg}: the
 * Karaf cache, which an update discards, is not their only copy, and an administrator can read and back them up.
 */
@Component(service = PoolService.class)
public class ConfigAdminPoolService implements PoolService {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigAdminPoolService.class);
    private static final String FILTER = "(service.factoryPid=org.rayport.pools.*)";

    private final ConfigurationAdmin configurations;
    private final ConfigRepository files;
    private final PeopleService people;
    private final PoolStatusBoard board;
    /** At most one entry per user; a stale entry is replaced on its next use. */
    private final Map<String, KnownGroups> groupsByUser = new ConcurrentHashMap<>();

    @Activate
    public ConfigAdminPoolService(@Reference ConfigurationAdmin configurations, @Reference ConfigRepository files,
                                  @Reference PeopleService people, @Reference PoolStatusBoard board) {
        this.configurations = configurations;
        this.files = files;
        this.people = people;
        this.board = board;
    }

    @Override
    public List<Pool> pools() {
        List<Pool> pools = new ArrayList<>();
        for (Configuration configuration : configurations()) {
            toPool(configuration).ifPresent(pools::add);
        }
        pools.sort(Comparator.comparing(Pool::id));
        return pools;
    }

    @Override
    public Optional<Pool> pool(String id) {
        return pools().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    @Override
    public synchronized Pool add(Pool pool) {
        if (pool(pool.id()).isPresent()) {
            throw new PoolException(PoolException.Reason.CONFLICT, "A pool with id '" + pool.id() + "' exists already");
        }
        checkListenerConflicts(pool);
        try {
            files.createFactoryConfiguration(pool.type().factoryPid(), pool.id(), asMap(PoolProperties.of(pool)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save pool " + pool.id() + ": " + e.getMessage(), e);
        }
        LOG.info("Pool {} ({}) added", pool.id(), pool.type().key());
        return pool;
    }

    @Override
    public synchronized Pool edit(Pool pool) {
        Configuration configuration = configuration(pool.id());
        Pool existing = toPool(configuration).orElseThrow();
        if (existing.type() != pool.type()) {
            throw new PoolException(PoolException.Reason.INVALID, "Pool " + pool.id() + " is a "
                    + existing.type().key() + " pool; its type cannot change to " + pool.type().key());
        }
        checkListenerConflicts(pool);
        // Settings a pool type keeps beside the common model (e.g. a folder pool's scan interval) stay as they were.
        Map<String, Object> properties = asMap(configuration.getProperties());
        properties.keySet().removeIf(key -> key.startsWith("service.") || key.startsWith("felix.fileinstall."));
        properties.putAll(asMap(PoolProperties.of(pool)));
        try {
            files.update(configuration.getPid(), properties);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save pool " + pool.id() + ": " + e.getMessage(), e);
        }
        LOG.info("Pool {} changed", pool.id());
        return pool;
    }

    @Override
    public synchronized void remove(String id) {
        Configuration configuration = configuration(id);
        try {
            files.delete(configuration.getPid());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot remove pool " + id + ": " + e.getMessage(), e);
        }
        board.forget(id);
        LOG.info("Pool {} removed", id);
    }

    @Override
    public List<PoolStatus> statuses() {
        List<PoolStatus> statuses = new ArrayList<>();
        for (Pool pool : pools()) {
            statuses.add(board.status(pool.id()).orElseGet(() -> pool.options().enabled()
                    ? new PoolStatus(pool.id(), PoolStatus.State.STARTING, "waiting for the services it needs",
                    board.startedAt())
                    : new PoolStatus(pool.id(), PoolStatus.State.DISABLED, "", board.startedAt())));
        }
        return statuses;
    }

    @Override
    public Set<String> visibleTo(String userId) {
        Set<String> groups = enabledGroupsOf(userId);
        Set<String> visible = new HashSet<>();
        for (Pool pool : pools()) {
            if (pool.options().enabled() && (pool.users().contains(userId)
                    || !Collections.disjoint(pool.groups(), groups))) {
                visible.add(pool.id());
            }
        }
        return Set.copyOf(visible);
    }

    /**
     * The user's enabled groups, asked of the people service only when its change count moved since the last time
     * (a membership or a group's enabled flag changed): they are the part of {@link #visibleTo} that costs a database
     * query on every request. The pools' grants themselves are read afresh each time.
     */
    private Set<String> enabledGroupsOf(String userId) {
        long peopleCount = people.changeCount();
        KnownGroups known = groupsByUser.get(userId);
        if (known != null && peopleCount >= 0 && known.peopleCount() == peopleCount) {
            return known.groupIds();
        }
        Set<String> groups = new HashSet<>();
        for (Group group : people.groupsOf(userId)) {
            if (group.enabled()) {
                groups.add(group.id());
            }
        }
        Set<String> groupIds = Set.copyOf(groups);
        if (peopleCount >= 0) {
            groupsByUser.put(userId, new KnownGroups(peopleCount, groupIds));
        }
        return groupIds;
    }

    /** A user's enabled groups as the people service gave them at that change count. */
    private record KnownGroups(long peopleCount, Set<String> groupIds) {
    }

    /** Two pools cannot answer for the same AE title on the same port. */
    private void checkListenerConflicts(Pool candidate) {
        Optional<String> listener = listener(candidate.settings());
        if (listener.isEmpty()) {
            return;
        }
        for (Pool other : pools()) {
            if (!other.id().equals(candidate.id()) && listener.equals(listener(other.settings()))) {
                throw new PoolException(PoolException.Reason.CONFLICT, "Pool " + other.id() + " already answers as "
                        + listener.get() + "; give this pool another AE title or port");
            }
        }
    }

    private static Optional<String> listener(PoolSettings settings) {
        if (settings instanceof PoolSettings.NetworkNode node) {
            return Optional.of(node.aeTitle() + " on port " + node.port());
        }
        if (settings instanceof PoolSettings.QueryRetrieve qr) {
            return Optional.of(qr.localAeTitle() + " on port " + qr.retrievePort());
        }
        return Optional.empty();
    }

    private Configuration configuration(String id) {
        for (Configuration configuration : configurations()) {
            Object configured = configuration.getProperties().get(PoolProperties.ID);
            if (id.equals(configured)) {
                return configuration;
            }
        }
        throw new PoolException(PoolException.Reason.NOT_FOUND, "No pool with id '" + id + "'");
    }

    private List<Configuration> configurations() {
        try {
            Configuration[] found = configurations.listConfigurations(FILTER);
            List<Configuration> usable = new ArrayList<>();
            if (found != null) {
                for (Configuration configuration : found) {
                    if (configuration.getProperties() != null) {
                        usable.add(configuration);
                    }
                }
            }
            return usable;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("Cannot read the pool configurations: " + e.getMessage(), e);
        }
    }

    private Optional<Pool> toPool(Configuration configuration) {
        String factoryPid = configuration.getFactoryPid();
        try {
            PoolType type = PoolType.ofKey(factoryPid.substring("org.rayport.pools.".length()));
            return Optional.of(PoolProperties.toPool(type, asMap(configuration.getProperties())));
        } catch (IllegalArgumentException unusable) {
            LOG.warn("Ignoring pool configuration {}: {}", configuration.getPid(), unusable.getMessage());
            return Optional.empty();
        }
    }

    static Map<String, Object> asMap(Dictionary<String, ?> properties) {
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            map.put(key, properties.get(key));
        }
        return map;
    }
}
