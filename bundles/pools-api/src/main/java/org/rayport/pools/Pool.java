package org.rayport.pools;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pool as configured.
 *
 * @param id stable name used in paths, configuration and the API: lower-case letters, digits, '-' and '_'
 * @param users user IDs that may see this pool's datasets
 * @param groups group IDs whose enabled members may see them
 */
public record Pool(String id, String name, PoolOptions options, PoolSettings settings, Set<String> users,
                   Set<String> groups) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public Pool {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Pool id must be 1 to 63 lower-case letters, digits, '-' or '_',"
                    + " starting with a letter or digit: '" + id + "'");
        }
        name = name == null || name.isBlank() ? id : name.strip();
        if (options == null || settings == null) {
            throw new IllegalArgumentException("A pool needs options and settings");
        }
        users = users == null ? Set.of() : Set.copyOf(users);
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    public PoolType type() {
        return settings.type();
    }
}
