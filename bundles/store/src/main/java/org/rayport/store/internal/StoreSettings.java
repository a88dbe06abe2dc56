package org.rayport.store.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The store's configuration, resolved.
 *
 * @param workingPath the folder that holds a folder per pool
 * @param poolPaths   pools whose folder is elsewhere
 * @param keyStore    the PKCS#12 file of the master key
 * @param segmentKiB  encryption segment size of new files
 */
record StoreSettings(Path workingPath, Map<String, Path> poolPaths, Path keyStore, int segmentKiB) {

    static final Pattern POOL_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    StoreSettings {
        workingPath = workingPath.toAbsolutePath().normalize();
        Map<String, Path> normalised = new HashMap<>();
        poolPaths.forEach((pool, path) -> normalised.put(pool, path.toAbsolutePath().normalize()));
        poolPaths = Map.copyOf(normalised);
        keyStore = keyStore.toAbsolutePath().normalize();
        if (segmentKiB < 16 || segmentKiB > 4096) {
            throw new IllegalArgumentException("segment size must be 16 to 4096 KiB, not " + segmentKiB);
        }
        if (keyStore.startsWith(workingPath) || poolPaths.values().stream().anyMatch(keyStore::startsWith)) {
            throw new IllegalArgumentException("The key store " + keyStore + " must not be kept in the storage it"
                    + " protects (" + workingPath + "); give it a place of its own, e.g. under ${karaf.etc}");
        }
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
        return new StoreSettings(working, pools, keyStore, config.segment_kib());
    }

    Path poolFolder(String poolId) {
        return poolPaths.getOrDefault(poolId, workingPath.resolve(poolId));
    }
}
