package org.rayport.pools;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates, changes and removes pools at runtime; each change takes effect at once, without a restart, and leaves
 * the other pools running.
 */
public interface PoolService {

    List<Pool> pools();

    Optional<Pool> pool(String id);

    /** @throws PoolException when the id is taken or the settings conflict with another pool's */
    Pool add(Pool pool);

    /** Replaces a pool's configuration; the type cannot change. */
    Pool edit(Pool pool);

    /** Removes the pool's configuration; its stored datasets are left to the store's deletion rules. */
    void remove(String id);

    /** The status of every configured pool. */
    List<PoolStatus> statuses();

    /** The pools whose datasets a user may see: granted to the user, or to one of the user's enabled groups. */
    Set<String> visibleTo(String userId);

    /**
     * Where a user's uploads go (client upload, STOW-RS): the first, by id, of the enabled user-storage pools the user
     * sees; empty when the user sees none.
     */
    default Optional<String> uploadPoolOf(String userId) {
        Set<String> visible = visibleTo(userId);
        return pools().stream().filter(p -> p.type() == PoolType.USER_STORAGE && p.options().enabled())
                .map(Pool::id).filter(visible::contains).min(java.util.Comparator.naturalOrder());
    }
}
