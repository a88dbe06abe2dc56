package org.rayport.pools.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.core.ServerInfo;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolService;
import org.rayport.store.Deletion;
import org.rayport.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a schedule: deletes each pool's studies older than its retention ({@code retentionDays > 0}), then, when the
 * data disk has less free space than the configured minimum, the least recently received studies of all pools
 * until it has that much. Every deletion is logged with its counts. A failing sweep is logged and tried again at the
 * next interval.
 */
@Component(immediate = true, configurationPid = "org.rayport.pools.storage")
@Designate(ocd = StorageSettingsConfig.class)
public class RetentionSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    static final long GB = 1024L * 1024 * 1024;

    /** What one sweep deleted. */
    record Sweep(List<String> retention, Deletion freeSpace, long freeBefore, long minimumFree) {
    }

    private final InstanceStore store;
    private final Supplier<List<Pool>> pools;
    private final Path dataDirectory;
    private final long minimumFree;
    private final ScheduledExecutorService schedule;

    @Activate
    public RetentionSweeper(@Reference InstanceStore store, @Reference PoolService pools, @Reference ServerInfo server,
                            StorageSettingsConfig config) {
        this(store, pools::pools, config.dataDirectory().isBlank() ? server.home().resolve("storage")
                : Path.of(config.dataDirectory()), config.minimumFreeGb());
        long interval = Math.max(1, config.sweepIntervalMinutes());
        schedule.scheduleWithFixedDelay(this::sweepLogged, 1, interval, TimeUnit.MINUTES);
        LOG.info("Storage sweeps every {} min: retention per pool, at least {} GB free on the disk of {}", interval,
                config.minimumFreeGb(), dataDirectory);
    }

    RetentionSweeper(InstanceStore store, Supplier<List<Pool>> pools, Path dataDirectory, double minimumFreeGb) {
        if (minimumFreeGb < 0 || Double.isNaN(minimumFreeGb)) {
            throw new IllegalArgumentException("minimumFreeGb must be 0 or more: " + minimumFreeGb);
        }
        this.store = store;
        this.pools = pools;
        this.dataDirectory = dataDirectory;
        this.minimumFree = (long) (minimumFreeGb * GB);
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rayport-storage-sweep");
            thread.setDaemon(true);
            return thread;
        });
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (IOException | RuntimeException failed) {
            LOG.error("Storage sweep failed (tried again in the next interval): {}", failed.getMessage(), failed);
        }
    }

    /** One sweep, now. */
    synchronized Sweep sweep() throws IOException {
        List<String> retention = new ArrayList<>();
        for (Pool pool : pools.get()) {
            double days = pool.options().retentionDays();
            if (days <= 0) {
                continue;
            }
            Deletion deleted = store.deleteOlderThan(pool.id(), Duration.ofMillis((long) (days * 86_400_000d)));
            if (deleted.instances() > 0 || deleted.skippedInUse() > 0) {
                retention.addAll(deleted.studies());
                LOG.info("Retention of pool {} ({} days): deleted {} studies, {} instances, {} bytes; {} in use "
                        + "left for the next sweep", pool.id(), days, deleted.studies().size(), deleted.instances(),
                        deleted.bytes(), deleted.skippedInUse());
            }
        }
        long free = freeBytes();
        Deletion freed = Deletion.nothing();
        if (minimumFree > 0 && free < minimumFree) {
            long needed = minimumFree - free;
            freed = store.deleteOldestUntilFree(needed);
            LOG.warn("Free space on the disk of {}: {} bytes, below the minimum of {}: deleted {} studies, {} "
                    + "instances, {} bytes ({} wanted); {} in use left for the next sweep", dataDirectory, free,
                    minimumFree, freed.studies().size(), freed.instances(), freed.bytes(), needed,
                    freed.skippedInUse());
        }
        return new Sweep(List.copyOf(retention), freed, free, minimumFree);
    }

    /** Usable space of the data disk; the directory may not exist yet before the first instance is stored. */
    long freeBytes() throws IOException {
        Path existing = dataDirectory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("No part of the data directory " + dataDirectory + " exists");
        }
        return Files.getFileStore(existing).getUsableSpace();
    }

    @Deactivate
    void close() {
        schedule.shutdownNow();
    }
}
