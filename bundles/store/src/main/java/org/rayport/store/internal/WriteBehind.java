package org.rayport.store.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The stream into a new instance file that starts the file's write-back while it is still being written: after every
 * {@code interval} bytes, an {@code fdatasync} of the channel runs on a background thread (one at a time; none is
 * queued while one runs). The disk then works while the network delivers the rest, and the file's final fsync, before
 * the C-STORE is answered, only waits for the tail. The final fsync stays what makes the file durable; these early
 * ones only move work forward.
 * <p>
 * An early fsync's failure is kept and thrown by {@link #awaitIdle()}: Linux reports a write-back error to one fsync
 * of an open file only, so the final fsync on the same channel might not see it again.
 * <p>
 * Written here because the JDK has no asynchronous write-back ({@code sync_file_range}) and a library for it would
 * need native code; this is a counter over {@code FileChannel.force}.
 */
final class WriteBehind extends FilterOutputStream {

    private final FileChannel channel;
    private final ExecutorService executor;
    private final long interval;
    private long written;
    private long nextForceAt;
    private Future<?> running;

    /** @param interval bytes between early fsyncs; 0 or less: none */
    WriteBehind(OutputStream out, FileChannel channel, ExecutorService executor, long interval) {
        super(out);
        this.channel = channel;
        this.executor = executor;
        this.interval = interval;
        this.nextForceAt = interval;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        advance(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        advance(len);
    }

    private void advance(int length) throws IOException {
        written += length;
        if (interval > 0 && written >= nextForceAt && (running == null || running.isDone())) {
            if (running != null) {
                awaitIdle();   // done: only collects a failure
            }
            running = executor.submit(() -> {
                channel.force(false);
                return null;
            });
            nextForceAt = written + interval;
        }
    }

    /** Waits for the early fsync running now, if any, and throws its failure. */
    void awaitIdle() throws IOException {
        Future<?> force = running;
        if (force == null) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    force.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;   // the channel must not be closed or forced again under a running force
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof IOException io ? io
                            : new IOException("Early fsync of a new instance file failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for a running early fsync without reporting it: the file is being discarded anyway. */
    void awaitIdleQuietly() {
        try {
            awaitIdle();
        } catch (IOException e) {
            // the file is discarded; its write failure is not what the caller reports
        }
    }

    /** Leaves the channel open: it is forced and closed by the store. */
    @Override
    public void close() throws IOException {
        out.flush();
    }
}
