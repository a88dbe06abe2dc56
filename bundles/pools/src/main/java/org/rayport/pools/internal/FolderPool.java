package org.rayport.pools.internal;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rayport.core.ServerInfo;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.PoolStatus;
import org.rayport.pools.PoolType;
import org.rayport.pseudonymization.Pseudonymizer;
import org.rayport.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One external-folder pool: its folder is watched (WatchService) and scanned on a schedule as well, since network
 * shares do not deliver change events; each scan hands complete new files to the {@link FolderImporter}, which
 * pseudonymizes them first when the pool says so. A folder
 * that is missing fails the pool visibly, and the pool recovers by itself when the folder appears.
 */
@Component(configurationPid = "org.rayport.pools.folder", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FolderConfig.class, factory = true)
public class FolderPool {

    private static final Logger LOG = LoggerFactory.getLogger(FolderPool.class);
    /** After a change, how soon to look again: a file is imported once it is the same in two scans. */
    private static final long SETTLE_MILLIS = 1000;

    private final PoolStatusBoard board;
    private final Pool pool;
    private final ScheduledExecutorService scans = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rayport-folder-scan");
        thread.setDaemon(true);
        return thread;
    });
    private final FolderImporter importer;
    private final WatchService watcher;
    private final Thread watching;
    private volatile boolean closed;

    @Activate
    public FolderPool(@Reference InstanceStore store, @Reference PoolStatusBoard board, @Reference ServerInfo server,
                      @Reference Pseudonymizer pseudonymizer, Map<String, Object> properties) {
        this.board = board;
        this.pool = PoolProperties.toPool(PoolType.FOLDER, properties);
        this.importer = open(store, server.home().resolve("state").resolve("folder-pools")
                .resolve(pool.id() + ".imported"), properties, pseudonymizer);
        this.watcher = importer == null ? null : watchService();
        this.watching = watcher == null ? null : new Thread(this::watch, "rayport-folder-watch-" + pool.id());
        if (importer != null) {
            long interval = scanInterval(properties);
            scans.scheduleWithFixedDelay(this::scan, 0, interval, TimeUnit.SECONDS);
        }
        if (watching != null) {
            watching.setDaemon(true);
            watching.start();
        }
    }

    private long scanInterval(Map<String, Object> properties) {
        String configured = String.valueOf(properties.getOrDefault("scanIntervalSeconds", "10")).strip();
        try {
            return Math.max(1, (long) Double.parseDouble(configured));
        } catch (NumberFormatException unusable) {
            LOG.warn("Pool {}: scanIntervalSeconds '{}' is not a number; scanning every 10 s", pool.id(), configured);
            return 10;
        }
    }

    private FolderImporter open(InstanceStore store, Path stateFile, Map<String, Object> properties,
                                Pseudonymizer pseudonymizer) {
        if (!pool.options().enabled()) {
            board.report(pool.id(), PoolStatus.State.DISABLED, "");
            return null;
        }
        Path directory = Path.of(((PoolSettings.Folder) pool.settings()).directory());
        if (!directory.isAbsolute()) {
            board.report(pool.id(), PoolStatus.State.FAILED, "the folder must be an absolute path: " + directory);
            return null;
        }
        boolean move = Boolean.parseBoolean(String.valueOf(properties.getOrDefault("moveImported", "false")));
        try {
            board.report(pool.id(), PoolStatus.State.STARTING, "first scan of " + directory);
            return new FolderImporter(pool.id(), pool.name(), directory, move, store, stateFile,
                    pool.options().pseudonymize() ? pseudonymizer : null);
        } catch (IOException | RuntimeException unusable) {
            board.report(pool.id(), PoolStatus.State.FAILED, "cannot keep the import state in " + stateFile + ": "
                    + unusable.getMessage());
            return null;
        }
    }

    /** Null where the file system offers none; the scheduled scans still run. */
    private WatchService watchService() {
        try {
            return importer.root().getFileSystem().newWatchService();
        } catch (IOException | UnsupportedOperationException none) {
            LOG.info("Pool {}: no change events for {} ({}); scanning on schedule only", pool.id(), importer.root(),
                    none.getMessage());
            return null;
        }
    }

    private void scan() {
        if (closed) {
            return;
        }
        try {
            FolderImporter.Scan scan = importer.scan();
            if (!scan.imported().isEmpty()) {
                LOG.info("Pool {}: imported {}", pool.id(), scan.imported());
            }
            String problem = !scan.failed().isEmpty() ? "import failed: " + scan.failed().get(0)
                    : !scan.skipped().isEmpty() ? "skipped " + scan.skipped().get(scan.skipped().size() - 1) : null;
            if (problem != null) {
                board.report(pool.id(), PoolStatus.State.RUNNING, problem);
            } else if (board.status(pool.id()).map(s -> s.state() != PoolStatus.State.RUNNING).orElse(true)) {
                board.report(pool.id(), PoolStatus.State.RUNNING, "");
            }
            if (!scan.waiting().isEmpty() && !closed) {
                scans.schedule(this::scan, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (IOException | RuntimeException failed) {
            board.report(pool.id(), PoolStatus.State.FAILED, failed.getMessage());
            LOG.warn("Pool {}: {}", pool.id(), failed.getMessage());
        }
    }

    private void watch() {
        try {
            registerTree(importer.root());
            while (!closed) {
                WatchKey key = watcher.take();
                for (var event : key.pollEvents()) {
                    if (event.kind() == ENTRY_CREATE && event.context() instanceof Path name
                            && key.watchable() instanceof Path dir && Files.isDirectory(dir.resolve(name))) {
                        registerTree(dir.resolve(name));
                    }
                }
                key.reset();
                scans.schedule(this::scan, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            // closing
        } catch (IOException | RuntimeException failed) {
            LOG.info("Pool {}: change events stopped ({}); scanning on schedule only", pool.id(), failed.getMessage());
        }
    }

    private void registerTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(dir)) {
            for (Path each : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                each.register(watcher, ENTRY_CREATE, ENTRY_MODIFY);
            }
        }
    }

    @Deactivate
    void close() {
        closed = true;
        scans.shutdownNow();
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("Closing the watch service of pool {}: {}", pool.id(), e.getMessage());
            }
        }
        try {
            scans.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        board.forget(pool.id());
    }
}
