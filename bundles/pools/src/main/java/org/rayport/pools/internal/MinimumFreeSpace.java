package org.rayport.pools.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.rayport.store.FreeSpaceRule;

/**
 * Serves the storage sweeps' {@code minimumFreeGb} to the store, which sends new data to its alternative working
 * path while the working path's disk has less free than this. A component of its own, without references, so the
 * store (which the sweeper needs) can bind it without a cycle.
 */
@Component(service = FreeSpaceRule.class, configurationPid = "org.rayport.pools.storage")
public class MinimumFreeSpace implements FreeSpaceRule {

    private final long minimumFreeBytes;

    @Activate
    public MinimumFreeSpace(StorageSettingsConfig config) {
        double gb = config.minimumFreeGb();
        this.minimumFreeBytes = gb > 0 && !Double.isNaN(gb) ? (long) (gb * RetentionSweeper.GB) : 0;
    }

    @Override
    public long minimumFreeBytes() {
        return minimumFreeBytes;
    }
}
