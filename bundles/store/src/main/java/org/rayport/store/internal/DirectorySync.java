package org.rayport.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes new names in a directory durable with one fsync of the directory shared by concurrent writers: a caller
 * returns once an fsync of the directory has <em>started after</em> its call began and has completed, so its rename
 * is covered. While one fsync runs, later callers of the same directory wait for it and then share the next one
 * (group commit), instead of each issuing its own.
 * <p>
 * Written here because neither the JDK nor a small library offers grouped directory syncs; it is a few lines over
 * {@code FileChannel.force}.
 */
final class DirectorySync {

    private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);

    private final ConcurrentMap<Path, Group> groups = new ConcurrentHashMap<>();

    /** Returns once every rename into {@code directory} made before this call is durable. */
    void sync(Path directory) {
        groups.computeIfAbsent(directory, Group::new).sync();
    }

    /** The sync state of one directory: generations of fsyncs, the one running and the last one completed. */
    private static final class Group {
        private final Path directory;
        private long started;      // generation of the newest fsync begun
        private long completed;    // generation of the newest fsync finished
        private boolean running;

        Group(Path directory) {
            this.directory = directory;
        }

        void sync() {
            long needed;
            synchronized (this) {
                // An fsync running now may have begun before the caller's rename: only a later one covers it.
                needed = started + 1;
            }
            boolean interrupted = false;
            try {
                while (true) {
                    long generation;
                    synchronized (this) {
                        if (completed >= needed) {
                            return;
                        }
                        if (running) {
                            try {
                                wait();
                            } catch (InterruptedException e) {
                                interrupted = true;   // the guarantee comes first; the flag is restored below
                            }
                            continue;
                        }
                        running = true;
                        generation = ++started;
                    }
                    try {
                        force();
                    } finally {
                        synchronized (this) {
                            running = false;
                            completed = generation;
                            notifyAll();
                        }
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void force() {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // Some file systems cannot sync a directory; the rename is still atomic there.
                LOG.debug("Cannot sync directory {}: {}", directory, e.getMessage());
            }
        }
    }
}
