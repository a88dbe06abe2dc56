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
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.core.ServerInfo;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolService;
import org.rayport.store.Deletion;
import org.rayport.store.InstanceStore;
import org.rayport.store.StorageArea;
import org.rayport.store.StoreEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a schedule: deletes each pool's studies older than its retention ({@code retentionDays > 0}), then, when no
 * data disk has the configured minimum of free space, the least recently received studies of all pools until one has.
 * The data disks are those of the store's working path and alternative working path ({@link
 * InstanceStore#storageAreas()}), or the configured {@code dataDirectory} alone. While one of them has room, new data
 * goes there and nothing is deleted. Every deletion is logged with its counts. A failing sweep is logged and tried
 * again at the next interval.
 * <p>
 * Between the scheduled sweeps the free-space rule is also kept as data arrives: the store's
 * {@link StoreEvents#STORED} events (EventAdmin) trigger a check of the free space (a statfs), at most once per
 * {@link #FREE_SPACE_CHECK_DELAY} however many instances arrive, on the sweep's own thread (never the event's, never
 * at the same time as a scheduled sweep), and a free-space sweep when a data disk is below the minimum.
 */
@Component(immediate = true, configurationPid = "org.rayport.pools.storage", service = EventHandler.class,
        property = EventConstants.EVENT_TOPIC + "=" + StoreEvents.STORED)
@Designate(ocd = StorageSettingsConfig.class)
public class RetentionSweeper implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    static final long GB = 1024L * 1024 * 1024;
    /** How long arrivals are gathered before the free space is checked: a study of 500 images is one check. */
    static final Duration FREE_SPACE_CHECK_DELAY = Duration.ofSeconds(2);

    /** What one sweep deleted. */
    record Sweep(List<String> retention, Deletion freeSpace, long freeBefore, long minimumFree) {
    }

    private final InstanceStore store;
    private final Supplier<List<Pool>> pools;
    private final Path dataDirectory;
    /** When the store lists no areas (an older store): the store's default working path. */
    private final Path defaultDataDirectory;
    private final long minimumFree;
    private final ScheduledExecutorService schedule;
    private final CoalescedTrigger freeSpaceCheck;

    @Activate
    public RetentionSweeper(@Reference InstanceStore store, @Reference PoolService pools, @Reference ServerInfo server,
                            StorageSettingsConfig config) {
        this(store, pools::pools, config.dataDirectory().isBlank() ? null : Path.of(config.dataDirectory()),
                config.minimumFreeGb(), server.home().resolve("storage"));
        long interval = Math.max(1, config.sweepIntervalMinutes());
        schedule.scheduleWithFixedDelay(this::sweepLogged, 1, interval, TimeUnit.MINUTES);
        LOG.info("Storage sweeps every {} min: retention per pool, at least {} GB free on the disk of {} (also checked"
                + " as data arrives)", interval, config.minimumFreeGb(), dataDirectories());
    }

    /** With {@code dataDirectory} the disk that counts; null: the store's working path and alternative. */
    RetentionSweeper(InstanceStore store, Supplier<List<Pool>> pools, Path dataDirectory, double minimumFreeGb) {
        this(store, pools, dataDirectory, minimumFreeGb, null);
    }

    private RetentionSweeper(InstanceStore store, Supplier<List<Pool>> pools, Path dataDirectory, double minimumFreeGb,
                             Path defaultDataDirectory) {
        if (minimumFreeGb < 0 || Double.isNaN(minimumFreeGb)) {
            throw new IllegalArgumentException("minimumFreeGb must be 0 or more: " + minimumFreeGb);
        }
        this.store = store;
        this.pools = pools;
        this.dataDirectory = dataDirectory;
        this.defaultDataDirectory = defaultDataDirectory;
        this.minimumFree = (long) (minimumFreeGb * GB);
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rayport-storage-sweep");
            thread.setDaemon(true);
            return thread;
        });
        this.freeSpaceCheck = new CoalescedTrigger(schedule, FREE_SPACE_CHECK_DELAY, this::checkFreeSpaceLogged);
    }

    /** An instance was stored: the free space is checked soon, on the sweep's thread. */
    @Override
    public void handleEvent(Event event) {
        if (minimumFree > 0) {
            freeSpaceCheck.trigger();
        }
    }

    private void checkFreeSpaceLogged() {
        try {
            checkFreeSpace();
        } catch (IOException | RuntimeException failed) {
            LOG.error("Free-space check after new data failed (the scheduled sweep tries again): {}",
                    failed.getMessage(), failed);
        }
    }

    /** The free-space rule alone, when a disk is short; answers what it deleted (nothing when there is room). */
    synchronized Deletion checkFreeSpace() throws IOException {
        long free = freeBytes();
        if (minimumFree <= 0 || free >= minimumFree) {
            return Deletion.nothing();
        }
        return freeSpace(free);
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
        return new Sweep(List.copyOf(retention), freeSpace(free), free, minimumFree);
    }

    private Deletion freeSpace(long free) throws IOException {
        Deletion freed = Deletion.nothing();
        // Each round frees what the disk closest to the minimum lacks; the bytes may come from the other disk (the
        // oldest studies are wherever they are), so measure again and go on while neither has room and the data
        // disks gain space (studies in pools with folders elsewhere free none here: stop rather than delete them all).
        long lacking = minimumFree - free;
        long total = minimumFree > 0 && lacking > 0 ? totalFreeBytes() : 0;
        while (minimumFree > 0 && lacking > 0) {
            Deletion round = store.deleteOldestUntilFree(lacking);
            freed = sum(freed, round);
            LOG.warn("Free space on the disks of {}: at most {} bytes, below the minimum of {}: deleted {} studies, "
                    + "{} instances, {} bytes ({} wanted); {} in use left for the next sweep", dataDirectories(),
                    minimumFree - lacking, minimumFree, round.studies().size(), round.instances(), round.bytes(),
                    lacking, round.skippedInUse());
            long totalAfter = totalFreeBytes();
            if (round.instances() == 0 || totalAfter <= total) {
                break;
            }
            total = totalAfter;
            lacking = minimumFree - freeBytes();
        }
        return freed;
    }

    private static Deletion sum(Deletion a, Deletion b) {
        List<String> studies = new ArrayList<>(a.studies());
        b.studies().stream().filter(s -> !studies.contains(s)).forEach(studies::add);
        return new Deletion(studies, a.instances() + b.instances(), a.bytes() + b.bytes(),
                a.skippedInUse() + b.skippedInUse());
    }

    /** The disks whose free space counts: the configured data directory, or the store's available areas. */
    List<Path> dataDirectories() {
        if (dataDirectory != null) {
            return List.of(dataDirectory);
        }
        List<Path> areas = new ArrayList<>();
        for (StorageArea area : store.storageAreas()) {
            areas.add(area.path());
        }
        if (areas.isEmpty()) {
            areas.add(defaultDataDirectory);
        }
        return areas;
    }

    /**
     * The most usable space among the data disks: new data goes where there is room, so the rule is kept while one
     * has the minimum. A missing or unwritable area counts as none.
     */
    long freeBytes() throws IOException {
        if (dataDirectory != null) {
            return freeBytes(dataDirectory);
        }
        List<StorageArea> areas = store.storageAreas();
        if (areas.isEmpty()) {
            return freeBytes(defaultDataDirectory);
        }
        return areas.stream().mapToLong(a -> a.available() ? a.usableBytes() : 0).max().orElse(0);
    }

    /** Usable space of all data disks together (a disk holding both areas counted once is not needed: growth is). */
    private long totalFreeBytes() throws IOException {
        if (dataDirectory != null || store.storageAreas().isEmpty()) {
            return freeBytes();
        }
        return store.storageAreas().stream().mapToLong(a -> a.available() ? a.usableBytes() : 0).sum();
    }

    /** Usable space of one disk; the directory may not exist yet before the first instance is stored. */
    private static long freeBytes(Path dataDirectory) throws IOException {
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
