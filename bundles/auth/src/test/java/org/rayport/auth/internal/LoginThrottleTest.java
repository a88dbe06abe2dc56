package org.rayport.auth.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.Test;
import org.rayport.testing.MutableClock;

public class LoginThrottleTest {

    private static final int ACCOUNT_FAILURES = 5;
    private static final int ADDRESS_FAILURES = 20;
    private static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    private static final Duration MAX_LOCK = Duration.ofMinutes(15);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock, ACCOUNT_FAILURES, ADDRESS_FAILURES, FIRST_LOCK,
            MAX_LOCK);

    private void fail(String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(account, address);
        }
    }

    private static Optional<Duration> lock(Duration length) {
        return Optional.of(length);
    }

    @Test
    public void theFailureAtTheLimitLocks() {
        fail("bob", null, ACCOUNT_FAILURES - 1);
        assertEquals(Optional.empty(), throttle.lockedFor("bob", null));

        throttle.failed("bob", null);
        assertEquals(lock(FIRST_LOCK), throttle.lockedFor("bob", null));

        clock.advance(Duration.ofSeconds(10));
        assertEquals("the wait counts down", lock(Duration.ofSeconds(20)), throttle.lockedFor("bob", null));
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Optional.empty(), throttle.lockedFor("bob", null));
    }

    @Test
    public void eachFurtherFailureDoublesTheLockUpToTheMaximum() {
        fail("bob", null, ACCOUNT_FAILURES);
        Duration expected = FIRST_LOCK;
        for (int round = 0; round < 12; round++) {
            assertEquals("round " + round, lock(expected), throttle.lockedFor("bob", null));
            clock.advance(expected);
            assertEquals(Optional.empty(), throttle.lockedFor("bob", null));
            throttle.failed("bob", null);
            expected = expected.multipliedBy(2).compareTo(MAX_LOCK) > 0 ? MAX_LOCK : expected.multipliedBy(2);
        }
        assertEquals("capped", lock(MAX_LOCK), throttle.lockedFor("bob", null));
    }

    @Test
    public void successResetsTheCount() {
        fail("bob", "10.0.0.1", ACCOUNT_FAILURES - 1);
        throttle.succeeded("bob", "10.0.0.1");

        fail("bob", "10.0.0.1", ACCOUNT_FAILURES - 1);
        assertEquals(Optional.empty(), throttle.lockedFor("bob", "10.0.0.1"));
        throttle.failed("bob", "10.0.0.1");
        assertEquals("a first lock again, not a doubled one", lock(FIRST_LOCK), throttle.lockedFor("bob", "10.0.0.1"));
    }

    @Test
    public void aSuccessfulLoginDoesNotForgiveTheAddress() {
        for (int i = 0; i < ADDRESS_FAILURES - 1; i++) {
            throttle.failed("victim" + i, "10.0.0.9");
        }
        throttle.succeeded("mallory", "10.0.0.9");
        throttle.failed("victim-last", "10.0.0.9");
        assertTrue("guesses at many accounts lock the address despite one valid login",
                throttle.lockedFor("anyone", "10.0.0.9").isPresent());
    }

    @Test
    public void accountNamesIgnoreCase() {
        fail("Bob", null, ACCOUNT_FAILURES);

        assertEquals(lock(FIRST_LOCK), throttle.lockedFor("bOB", null));
    }

    @Test
    public void anAccountLockHoldsFromEveryAddress() {
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            throttle.failed("bob", "10.0.0." + i);
        }

        assertEquals(lock(FIRST_LOCK), throttle.lockedFor("bob", "192.168.1.1"));
        assertEquals(lock(FIRST_LOCK), throttle.lockedFor("bob", null));
        assertEquals("other accounts from the same address may go on", Optional.empty(),
                throttle.lockedFor("alice", "10.0.0.1"));
    }

    @Test
    public void anAddressLockHoldsForEveryAccount() {
        for (int i = 0; i < ADDRESS_FAILURES; i++) {
            throttle.failed("guess" + i, "10.0.0.1");
        }

        assertEquals(lock(FIRST_LOCK), throttle.lockedFor("alice", "10.0.0.1"));
        assertEquals(Optional.empty(), throttle.lockedFor("alice", "10.0.0.2"));
        assertEquals("the shell, without an address, is not affected", Optional.empty(),
                throttle.lockedFor("alice", null));
    }

    @Test
    public void aMissingAddressIsNotCounted() {
        fail("bob", null, ACCOUNT_FAILURES - 1);
        throttle.succeeded("bob", null);

        assertEquals(0, throttle.trackedAddresses());
        assertEquals(0, throttle.trackedAccounts());
        assertEquals(Optional.empty(), throttle.lockedFor("bob", null));
    }

    @Test
    public void failuresOlderThanTheLongestLockAreForgiven() {
        fail("bob", null, ACCOUNT_FAILURES - 1);
        clock.advance(MAX_LOCK.plusSeconds(1));

        fail("bob", null, ACCOUNT_FAILURES - 1);
        assertEquals(Optional.empty(), throttle.lockedFor("bob", null));

        throttle.failed("bob", null);
        assertEquals(lock(FIRST_LOCK), throttle.lockedFor("bob", null));
        clock.advance(MAX_LOCK.plusSeconds(1));
        throttle.failed("bob", null);
        assertEquals("the count started over", Optional.empty(), throttle.lockedFor("bob", null));
    }

    @Test
    public void theNumberOfTrackedNamesAndAddressesStaysBounded() {
        for (int i = 0; i < LoginThrottle.MAX_TRACKED + 100; i++) {
            throttle.failed("invented" + i, "fd00::" + Integer.toHexString(i));
        }

        assertTrue(throttle.trackedAccounts() + " accounts", throttle.trackedAccounts() <= LoginThrottle.MAX_TRACKED);
        assertTrue(throttle.trackedAddresses() + " addresses",
                throttle.trackedAddresses() <= LoginThrottle.MAX_TRACKED);
    }

    @Test
    public void aFloodOfInventedNamesDoesNotLiftALock() {
        fail("admin", null, ACCOUNT_FAILURES);

        for (int i = 0; i < LoginThrottle.MAX_TRACKED + 100; i++) {
            clock.advance(Duration.ofNanos(100));
            throttle.failed("invented" + i, null);
        }

        assertTrue(throttle.lockedFor("admin", null).isPresent());
    }
}
