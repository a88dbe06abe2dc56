package org.rayport.pools.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any number of triggers into at most one run of an action per delay: the first trigger schedules the action
 * on the given executor after the delay, and triggers until it starts are absorbed by that run. A trigger costs a
 * compare-and-set, so it may be pulled on any thread (an EventAdmin delivery thread), and the action never runs there.
 * <p>
 * Own code rather than a library: a debounce over a {@link ScheduledExecutorService} is these few lines, and the
 * action must share the executor (one thread) with the scheduled sweep so that the two never run at once.
 */
final class CoalescedTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(CoalescedTrigger.class);

    private final ScheduledExecutorService executor;
    private final Duration delay;
    private final Runnable action;
    private final AtomicBoolean pending = new AtomicBoolean();

    CoalescedTrigger(ScheduledExecutorService executor, Duration delay, Runnable action) {
        this.executor = executor;
        this.delay = delay;
        this.action = action;
    }

    void trigger() {
        if (!pending.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            pending.set(false);
            LOG.debug("Trigger after shutdown ignored");
        }
    }

    private void run() {
        // Cleared before the action: a trigger during the action (more data arriving) gets a run of its own.
        pending.set(false);
        action.run();
    }
}
