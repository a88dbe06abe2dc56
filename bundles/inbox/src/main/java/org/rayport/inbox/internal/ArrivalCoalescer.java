package org.rayport.inbox.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rayport.store.StoreEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the store's one-event-per-instance into at most one database write per study and second: events are counted
 * in memory, and a single thread enters what gathered once a second, for every recipient in one transaction. A
 * 500-image study that arrives within a few seconds is a handful of writes per user, not 500.
 * <p>
 * The event handler itself only adds to a map, so that EventAdmin never waits for the database (and never blacklists
 * this handler for being slow). A batch whose write failed is merged back and tried again with the next one.
 * <p>
 * The topic is a plain property, not {@code @EventTopics}: that annotation makes bnd require the capability
 * {@code osgi.implementation=osgi.event}, which Karaf's Felix EventAdmin does not declare, and the feature would not
 * resolve.
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=" + StoreEvents.STORED)
public class ArrivalCoalescer implements EventHandler {

    static final long FLUSH_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ArrivalCoalescer.class);

    private record StudyKey(String poolId, String studyUid) {
    }

    private final JpaInbox inbox;
    private final Consumer<List<InboxChange>> announcer;
    private final Clock clock;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private Map<StudyKey, StudyArrivals> pending = new LinkedHashMap<>();
    private final ScheduledExecutorService flusher;

    @Activate
    public ArrivalCoalescer(@Reference JpaInbox inbox, @Reference InboxStreams streams) {
        this(inbox, streams::announce, Clock.systemUTC());
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Without the schedule: tests call {@link #flush} themselves. */
    ArrivalCoalescer(JpaInbox inbox, Consumer<List<InboxChange>> announcer, Clock clock) {
        this.inbox = inbox;
        this.announcer = announcer;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rayport-inbox-flush");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void close() {
        flusher.shutdown();
        try {
            if (flusher.awaitTermination(10, TimeUnit.SECONDS)) {
                flushQuietly();   // what arrived after the last run
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void handleEvent(Event event) {
        Object pool = event.getProperty(StoreEvents.POOL);
        Object study = event.getProperty(StoreEvents.STUDY_INSTANCE_UID);
        if (pool instanceof String poolId && study instanceof String studyUid) {
            arrived(poolId, studyUid);
        } else {
            LOG.warn("Ignoring a {} event without pool and study UID: {}", StoreEvents.STORED, event);
        }
    }

    void arrived(String poolId, String studyUid) {
        Instant now = clock.instant();
        StudyArrivals one = new StudyArrivals(poolId, studyUid, 1, now, now);
        synchronized (lock) {
            pending.merge(new StudyKey(poolId, studyUid), one, StudyArrivals::plus);
        }
    }

    /** Studies waiting for the next flush. */
    int pendingStudies() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** Writes what gathered since the last flush, then announces the changed entries. */
    void flush() {
        Map<StudyKey, StudyArrivals> batch;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new LinkedHashMap<>();
        }
        List<InboxChange> changes;
        try {
            changes = inbox.record(batch.values());
        } catch (RuntimeException e) {
            synchronized (lock) {
                batch.forEach((key, arrivals) -> pending.merge(key, arrivals, StudyArrivals::plus));
            }
            throw e;
        }
        if (!changes.isEmpty()) {
            announcer.accept(changes);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // Kept for the next run; a scheduled task that throws would never run again.
            LOG.warn("Inbox entries not written yet, retrying: {}", e.toString());
        }
    }
}
