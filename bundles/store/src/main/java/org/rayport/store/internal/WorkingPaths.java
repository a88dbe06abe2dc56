package org.rayport.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.rayport.store.StorageArea;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses where new instances of pools without a folder of their own go: the working path, or the alternative working
 * path while the working path cannot take them. The working path cannot take new data when it is not an existing
 * writable directory (an unmounted share, a deleted folder) or when its file system has less usable space than the
 * free-space limit (at least one byte). Then the alternative takes it, except when the alternative is short of the
 * limit too and the working path, present and writable, has more usable space: then the working path keeps it. The
 * choice is made before each write (two system calls, only when an alternative is configured); each switch is logged
 * once, as is each switch back.
 */
final class WorkingPaths {

    private static final Logger LOG = LoggerFactory.getLogger(WorkingPaths.class);

    /** Usable bytes of the file system of a directory; replaced in tests by a probe of their own. */
    @FunctionalInterface
    interface FreeSpace {
        long usableBytes(Path directory);
    }

    static final FreeSpace FILE_SYSTEM = directory -> directory.toFile().getUsableSpace();

    private final Path working;
    private final Path alternative;
    private final FreeSpace freeSpace;
    private final LongSupplier minimumFree;
    /** The root of the last write, to log a switch once; guarded by this. */
    private Path current;
    /** Switches logged so far; guarded by this. */
    private int switches;

    WorkingPaths(Path working, Path alternative, FreeSpace freeSpace, LongSupplier minimumFree) {
        this.working = working;
        this.alternative = alternative;
        this.freeSpace = freeSpace;
        this.minimumFree = minimumFree;
        this.current = working;
    }

    /** The root new data goes to now. */
    Path forNewData() {
        if (alternative == null) {
            return working;
        }
        long minimum = Math.max(1, minimumFree.getAsLong());
        String workingProblem = problem(working, minimum);
        Path chosen = working;
        if (workingProblem != null) {
            chosen = alternative;
            if (available(working) && available(alternative) && problem(alternative, minimum) != null
                    && freeSpace.usableBytes(working) > freeSpace.usableBytes(alternative)) {
                chosen = working;   // both short of the limit: the one with more room; the sweep deletes
            }
        }
        logSwitch(chosen, workingProblem, minimum);
        return chosen;
    }

    private synchronized void logSwitch(Path chosen, String workingProblem, long minimum) {
        if (chosen.equals(current)) {
            return;
        }
        current = chosen;
        switches++;
        if (chosen.equals(alternative)) {
            LOG.warn("The working path {} cannot take new data ({}): new instances go to the alternative working path"
                    + " {} until it can again", working, workingProblem, alternative);
        } else if (workingProblem == null) {
            LOG.info("The working path {} takes new data again (at least {} bytes free)", working, minimum);
        } else {
            LOG.warn("The alternative working path {} is short of space too ({}): new instances go to the working "
                    + "path {}, which has more room ({})", alternative, problem(alternative, minimum), working,
                    workingProblem);
        }
    }

    /** The working path and the alternative, measured now; the working path alone when there is no alternative. */
    List<StorageArea> areas() {
        Path receiving = forNewData();
        List<StorageArea> areas = new ArrayList<>();
        areas.add(area(working, false, receiving));
        if (alternative != null) {
            areas.add(area(alternative, true, receiving));
        }
        return List.copyOf(areas);
    }

    private StorageArea area(Path path, boolean isAlternative, Path receiving) {
        boolean available = available(path);
        return new StorageArea(path, isAlternative, available, available ? freeSpace.usableBytes(path) : 0,
                path.equals(receiving));
    }

    /** How many switches were logged: one per change of root, not one per instance. */
    synchronized int switches() {
        return switches;
    }

    private static boolean available(Path directory) {
        return Files.isDirectory(directory) && Files.isWritable(directory);
    }

    /** Why a root cannot take new data, or null when it can. */
    private String problem(Path directory, long minimum) {
        if (!Files.isDirectory(directory)) {
            return "it does not exist or is not a directory";
        }
        if (!Files.isWritable(directory)) {
            return "it is not writable";
        }
        long usable = freeSpace.usableBytes(directory);
        if (usable < minimum) {
            return usable + " bytes free, less than the free-space limit of " + minimum + " bytes";
        }
        return null;
    }
}
