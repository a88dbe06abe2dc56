package org.rayport.pools;

import java.util.Arrays;

/** Where a pool's data comes from. Each type is configured under its own factory PID. */
public enum PoolType {
    /** A C-STORE SCP on the pool's own port and AE title. */
    NETWORK_NODE("networknode"),
    /** A PACS searched and retrieved from (C-FIND, C-MOVE into a local SCP, C-GET as fallback). */
    QUERY_RETRIEVE("queryretrieve"),
    /** A directory watched and imported. */
    FOLDER("folder"),
    /** What users upload through the client API. */
    USER_STORAGE("userstorage");

    private final String key;

    PoolType(String key) {
        this.key = key;
    }

    /** The short name used in configuration PIDs, the REST API and the shell. */
    public String key() {
        return key;
    }

    /** ConfigAdmin factory PID of this type's pools. */
    public String factoryPid() {
        return "org.rayport.pools." + key;
    }

    public static PoolType ofKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equalsIgnoreCase(key) || t.name().equalsIgnoreCase(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown pool type '" + key + "'; known: "
                        + Arrays.stream(values()).map(PoolType::key).toList()));
    }
}
