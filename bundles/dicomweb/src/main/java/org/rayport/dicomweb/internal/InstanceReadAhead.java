package org.rayport.dicomweb.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.rayport.store.InstanceNotFoundException;
import org.rayport.store.InstanceStore;
import org.rayport.store.StoredInstance;

/**
 * The stored files of a list of instances, in order, with the next few decrypted on the reader threads while the
 * current one is written: a WADO-RS download then decrypts on every core while one thread feeds the socket. The same
 * bounded window as the client archive's encoder read-ahead ({@code ArchiveStream}); kept separate because that one
 * transcodes into ZIP entries and lives in another bundle. Only files of at most {@link #READ_AHEAD_LIMIT} bytes are
 * read ahead, into memory (at most {@code window} of them per download); larger ones are streamed by the writer.
 */
final class InstanceReadAhead {

    /** Files larger than this are streamed on the writing thread, never held in memory. */
    static final long READ_AHEAD_LIMIT = 8L * 1024 * 1024;

    /** One instance as the writer gets it: its bytes, or null to stream it itself; {@code deleted} if gone. */
    record Read(StoredInstance instance, byte[] bytes, boolean deleted) {
    }

    /** What the writer does with each instance, in order. */
    interface Consumer {
        void accept(Read read) throws IOException;
    }

    private final InstanceStore store;
    private final ExecutorService readers;
    private final int window;

    InstanceReadAhead(InstanceStore store, ExecutorService readers, int window) {
        this.store = store;
        this.readers = readers;
        this.window = window;
    }

    void forEach(List<StoredInstance> instances, Consumer consumer) throws IOException {
        Deque<Future<Read>> pending = new ArrayDeque<>();
        int next = 0;
        try {
            while (next < instances.size() || !pending.isEmpty()) {
                while (next < instances.size() && pending.size() < window) {
                    StoredInstance instance = instances.get(next++);
                    pending.add(readers.submit(() -> read(instance)));
                }
                consumer.accept(await(pending.poll()));
            }
        } finally {
            // The client went away or a file failed: the reads ahead are of no use any more.
            for (Future<Read> future : pending) {
                future.cancel(true);
            }
        }
    }

    private Read read(StoredInstance instance) throws IOException {
        if (instance.sizeBytes() > READ_AHEAD_LIMIT) {
            return new Read(instance, null, false);
        }
        try (InputStream in = store.openStream(instance.poolId(), instance.sopInstanceUid())) {
            byte[] bytes = new byte[(int) instance.sizeBytes()];
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n != bytes.length || in.read() >= 0) {
                throw new IOException("The file of instance " + instance.sopInstanceUid() + " in pool '"
                        + instance.poolId() + "' holds " + (n == bytes.length ? "more" : n) + " bytes, the index says "
                        + bytes.length);
            }
            return new Read(instance, bytes, false);
        } catch (InstanceNotFoundException deletedMeanwhile) {
            return new Read(instance, null, true);
        }
    }

    private static Read await(Future<Read> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while an instance was read ahead");
        } catch (CancellationException e) {
            throw new IOException("reading an instance ahead was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }
}
