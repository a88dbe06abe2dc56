package org.rayport.store.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The store's configuration, resolved.
 *
 * @param workingPath the folder that holds a folder per pool
 * @param alternativePath where new data of pools without a folder of their own goes while the working path cannot
 *                    take it; null: none
 * @param poolPaths   pools whose folder is elsewhere
 * @param keyStore    the PKCS#12 file of the master key
 * @param segmentKiB  encryption segment size of new files
 */
record StoreSettings(Path workingPath, Path alternativePath, Map<String, Path> poolPaths, Path keyStore,
                     int segmentKiB) {

    static final Pattern POOL_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    StoreSettings {
        workingPath = workingPath.toAbsolutePath().normalize();
        alternativePath = alternativePath == null ? null : alternativePath.toAbsolutePath().normalize();
        if (workingPath.equals(alternativePath)) {
            throw new IllegalArgumentException("The alternative working path " + alternativePath + " is the working"
                    + " path itself; give another disk or leave it empty");
        }
        Map<String, Path> normalised = new HashMap<>();
        poolPaths.forEach((pool, path) -> normalised.put(pool, path.toAbsolutePath().normalize()));
        poolPaths = Map.copyOf(normalised);
        keyStore = keyStore.toAbsolutePath().normalize();
        if (segmentKiB < 16 || segmentKiB > 4096) {
            throw new IllegalArgumentException("segment size must be 16 to 4096 KiB, not " + segmentKiB);
        }
        if (keyStore.startsWith(workingPath) || poolPaths.values().stream().anyMatch(keyStore::startsWith)
                || alternativePath != null && keyStore.startsWith(alternativePath)) {
            throw new IllegalArgumentException("The key store " + keyStore + " must not be kept in the storage it"
                    + " protects (" + workingPath + "); give it a place of its own, e.g. under ${karaf.etc}");
        }
    }

    StoreSettings(Path workingPath, Map<String, Path> poolPaths, Path keyStore, int segmentKiB) {
        this(workingPath, null, poolPaths, keyStore, segmentKiB);
    }

    static StoreSettings of(StoreConfig config, Path rayportHome, String karafEtc) {
        Path working = config.working_path().isBlank() ? rayportHome.resolve("storage") : Path.of(config.working_path());
        Map<String, Path> pools = new HashMap<>();
        for (String entry : config.pool_paths()) {
            int eq = entry.indexOf('=');
            String pool = eq < 0 ? "" : entry.substring(0, eq).strip();
            if (!POOL_ID.matcher(pool).matches() || entry.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException("pool_paths entry '" + entry + "' is not pool=directory");
            }
            pools.put(pool, Path.of(entry.substring(eq + 1).strip()));
        }
        Path etc = karafEtc == null || karafEtc.isBlank() ? rayportHome.resolve("etc") : Path.of(karafEtc);
        Path keyStore = config.key_store_path().isBlank() ? etc.resolve("rayport-store.p12")
                : Path.of(config.key_store_path());
        Path alternative = config.alternative_path().isBlank() ? null : Path.of(config.alternative_path().strip());
        return new StoreSettings(working, alternative, pools, keyStore, config.segment_kib());
    }

    /** The folder of a pool, given the root that takes new data now (the working path or the alternative). */
    Path poolFolder(String poolId, Path root) {
        return poolPaths.getOrDefault(poolId, root.resolve(poolId));
    }
}
