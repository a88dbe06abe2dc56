package org.rayport.store;

import java.nio.file.Path;

/**
 * One place new instances of pools without a folder of their own go to: the working path or the alternative working
 * path, with its state when asked.
 *
 * @param path        the directory (absolute)
 * @param alternative true for the alternative working path
 * @param available   the directory exists and is writable
 * @param usableBytes usable space of its file system; 0 when not available
 * @param receiving   new data goes here now
 */
public record StorageArea(Path path, boolean alternative, boolean available, long usableBytes, boolean receiving) {
}
