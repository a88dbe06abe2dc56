package org.rayport.pools.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.rayport.pools.PacsException;
import org.rayport.pools.PacsSearch;
import org.rayport.pools.RetrieveProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrievals from PACS that clients started and follow: each runs on a small bounded pool of threads, so that a
 * hundred taps on "retrieve" queue up instead of opening a hundred associations to the PACS. Finished retrievals are
 * kept for an hour so that a client coming back finds how they ended.
 */
public final class PacsRetrievals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PacsRetrievals.class);
    private static final int THREADS = 2;
    private static final int QUEUED_AT_MOST = 100;
    private static final Duration KEPT = Duration.ofHours(1);

    /** What a client sees of one retrieval. */
    public record Retrieval(String id, String userId, String poolId, String studyInstanceUid, String seriesInstanceUid,
                     Instant startedAt, RetrieveProgress progress, String error, Instant endedAt) {

        public boolean ended() {
            return endedAt != null;
        }

        Retrieval with(RetrieveProgress next) {
            return new Retrieval(id, userId, poolId, studyInstanceUid, seriesInstanceUid, startedAt, next, error,
                    endedAt);
        }

        Retrieval ended(RetrieveProgress last, String failure, Instant at) {
            return new Retrieval(id, userId, poolId, studyInstanceUid, seriesInstanceUid, startedAt, last, failure, at);
        }
    }

    private final Map<String, Retrieval> retrievals = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final Clock clock;

    public PacsRetrievals(Clock clock) {
        this.clock = clock;
        this.workers = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(QUEUED_AT_MOST), runnable -> {
                    Thread thread = new Thread(runnable, "rayport-pacs-retrieve");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** @throws RejectedExecutionException when too many retrievals wait already */
    public Retrieval start(String userId, PacsSearch pacs, String studyInstanceUid, String seriesInstanceUid) {
        forgetOld();
        String id = UUID.randomUUID().toString();
        Retrieval queued = new Retrieval(id, userId, pacs.poolId(), studyInstanceUid, seriesInstanceUid,
                clock.instant(), null, null, null);
        retrievals.put(id, queued);
        try {
            workers.execute(() -> run(id, pacs));
        } catch (RejectedExecutionException full) {
            retrievals.remove(id);
            throw full;
        }
        return queued;
    }

    private void run(String id, PacsSearch pacs) {
        Retrieval started = retrievals.get(id);
        try {
            RetrieveProgress last = pacs.retrieve(started.studyInstanceUid(), started.seriesInstanceUid(),
                    progress -> retrievals.computeIfPresent(id, (key, current) -> current.with(progress)));
            retrievals.computeIfPresent(id, (key, current) -> current.ended(last, null, clock.instant()));
        } catch (PacsException | IllegalArgumentException e) {
            LOG.warn("Retrieval of study {} from pool {} failed: {}", started.studyInstanceUid(), pacs.poolId(),
                    e.getMessage());
            retrievals.computeIfPresent(id, (key, current) -> current.ended(current.progress(), e.getMessage(),
                    clock.instant()));
        }
    }

    /** The retrieval, if it exists and belongs to the user: nobody follows another user's retrievals. */
    public Optional<Retrieval> of(String userId, String id) {
        return Optional.ofNullable(retrievals.get(id)).filter(r -> r.userId().equals(userId));
    }

    public List<Retrieval> of(String userId) {
        forgetOld();
        List<Retrieval> mine = new ArrayList<>();
        retrievals.values().stream().filter(r -> r.userId().equals(userId)).forEach(mine::add);
        mine.sort((a, b) -> b.startedAt().compareTo(a.startedAt()));
        return mine;
    }

    private void forgetOld() {
        Instant limit = clock.instant().minus(KEPT);
        retrievals.values().removeIf(r -> r.ended() && r.endedAt().isBefore(limit));
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
