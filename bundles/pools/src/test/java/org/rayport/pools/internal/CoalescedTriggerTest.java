package org.rayport.pools.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

public class CoalescedTriggerTest {

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
            runnable -> new Thread(runnable, "coalesced-test"));

    @After
    public void stop() {
        executor.shutdownNow();
    }

    @Test
    public void manyTriggersBeforeTheRunScheduleOneRun() {
        AtomicInteger runs = new AtomicInteger();
        CoalescedTrigger trigger = new CoalescedTrigger(executor, Duration.ofHours(1), runs::incrementAndGet);

        for (int i = 0; i < 1000; i++) {
            trigger.trigger();
        }

        assertEquals("one run waits in the executor", 1, executor.getQueue().size());
        assertEquals(0, runs.get());
    }

    @Test
    public void theActionRunsOnTheExecutorAndATriggerAfterItsStartGetsAnotherRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        CoalescedTrigger trigger = new CoalescedTrigger(executor, Duration.ofMillis(10), () -> {
            thread.set(Thread.currentThread().getName());
            runs.incrementAndGet();
        });

        trigger.trigger();
        awaitRuns(runs, 1);
        trigger.trigger();
        trigger.trigger();
        awaitRuns(runs, 2);

        assertEquals("coalesced-test", thread.get());
        assertNotEquals(Thread.currentThread().getName(), thread.get());
    }

    @Test
    public void aTriggerAfterShutdownIsIgnored() {
        executor.shutdownNow();
        new CoalescedTrigger(executor, Duration.ofMillis(10), () -> {
            throw new AssertionError("must not run");
        }).trigger();
    }

    private static void awaitRuns(AtomicInteger runs, int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (runs.get() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Runs: " + runs.get() + ", wanted " + wanted);
            }
            Thread.sleep(5);
        }
    }
}
