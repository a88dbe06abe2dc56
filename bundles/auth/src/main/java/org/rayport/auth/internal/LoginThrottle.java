package org.rayport.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after a number of consecutive failures an account, or a client address, is locked
 * for a time that doubles with each further failure. Counters are kept in memory and bounded in number, so a flood
 * of invented user names cannot exhaust the heap.
 */
final class LoginThrottle {

    static final int MAX_TRACKED = 50_000;

    private final Clock clock;
    private final int accountFailures;
    private final int addressFailures;
    private final Duration firstLock;
    private final Duration maxLock;
    private final Map<String, Failures> byAccount = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock, int accountFailures, int addressFailures, Duration firstLock, Duration maxLock) {
        this.clock = clock;
        this.accountFailures = accountFailures;
        this.addressFailures = addressFailures;
        this.firstLock = firstLock;
        this.maxLock = maxLock;
    }

    /**
     * How long the caller must still wait, or empty when it may try now.
     *
     * @param address the client address, or null where none is known (the local shell)
     */
    Optional<Duration> lockedFor(String account, String address) {
        Instant now = clock.instant();
        Duration wait = remaining(byAccount.get(key(account)), now);
        if (address != null) {
            wait = max(wait, remaining(byAddress.get(key(address)), now));
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    void failed(String account, String address) {
        Instant now = clock.instant();
        record(byAccount, key(account), accountFailures, now);
        if (address != null) {
            record(byAddress, key(address), addressFailures, now);
        }
    }

    /**
     * Forgives the account's failures. The address keeps its count: otherwise one valid account would let its owner
     * reset the address between guesses at other accounts. Address failures expire on their own.
     */
    void succeeded(String account, String address) {
        byAccount.remove(key(account));
    }

    private void record(Map<String, Failures> counters, String key, int allowed, Instant now) {
        if (counters.size() >= MAX_TRACKED) {
            makeRoom(counters, now);
        }
        counters.compute(key, (k, previous) -> {
            int count = previous == null || expired(previous, now) ? 1 : previous.count + 1;
            Instant lockedUntil = count < allowed ? now : now.plus(lockLength(count - allowed));
            return new Failures(count, now, lockedUntil);
        });
    }

    private Duration lockLength(int excess) {
        Duration lock = firstLock.multipliedBy(1L << Math.min(excess, 20));
        return lock.compareTo(maxLock) > 0 ? maxLock : lock;
    }

    /** Failures older than the longest lock are forgiven. */
    private boolean expired(Failures failures, Instant now) {
        return failures.last.plus(maxLock).isBefore(now) && !failures.lockedUntil.isAfter(now);
    }

    private void makeRoom(Map<String, Failures> counters, Instant now) {
        counters.entrySet().removeIf(e -> expired(e.getValue(), now));
        if (counters.size() >= MAX_TRACKED) {
            // The entry whose lock ends first goes, unlocked ones (lockedUntil in the past) before locked ones, so
            // that a flood of invented names cannot push out a locked account and so lift its lock.
            counters.entrySet().stream()
                    .min(Comparator.comparing(e -> e.getValue().lockedUntil))
                    .ifPresent(e -> counters.remove(e.getKey()));
        }
    }

    int trackedAccounts() {
        return byAccount.size();
    }

    int trackedAddresses() {
        return byAddress.size();
    }

    private static Duration remaining(Failures failures, Instant now) {
        if (failures == null || !failures.lockedUntil.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, failures.lockedUntil);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String key(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }
}
