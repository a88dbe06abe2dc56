package org.rayport.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.rayport.auth.Session;

/**
 * Opaque bearer tokens: 256 random bits each, mapped to the user and the device (if any) they were issued to. Kept in
 * memory only, so a restart logs everybody out and nothing secret lies in the database; and kept by their SHA-256
 * hash, so that not even a heap dump shows a usable token.
 *
 * <p>Each token also holds its last passed check (a {@link Checked}), so that a request need not ask the people
 * service and the device guard again while nothing they know changed. It goes with the token: logout and expiry
 * forget both at once, and the store never holds more checks than live tokens.
 */
final class SessionTokens {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Slot> byHash = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;

    SessionTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** @param deviceId null for a token obtained without a device */
    record Issued(String userId, String deviceId, Instant expiresAt) {
    }

    /**
     * A session that passed the checks while people and the guard stood at these change counts.
     *
     * @param session the session without its token (the token is not kept in clear)
     */
    record Checked(Session session, long peopleCount, long guardCount) {

        boolean stillValidAt(long currentPeopleCount, long currentGuardCount) {
            return peopleCount >= 0 && guardCount >= 0
                    && peopleCount == currentPeopleCount && guardCount == currentGuardCount;
        }
    }

    private static final class Slot {
        final Issued issued;
        volatile Checked checked;

        Slot(Issued issued) {
            this.issued = issued;
        }
    }

    String issue(String userId) {
        return issue(userId, null);
    }

    String issue(String userId, String deviceId) {
        purgeExpired();
        String token = newSecret(random);
        byHash.put(hash(token), new Slot(new Issued(userId, deviceId, clock.instant().plus(lifetime))));
        return token;
    }

    Optional<Issued> lookup(String token) {
        return token == null ? Optional.empty() : lookupByKey(keyOf(token));
    }

    /** The last passed check of a live token, if any. */
    Optional<Checked> lastCheck(String token) {
        return token == null ? Optional.empty() : lastCheckByKey(keyOf(token));
    }

    /** Keeps a passed check with its token; does nothing when the token ended meanwhile. */
    void rememberCheck(String token, Checked checked) {
        if (token != null) {
            rememberCheckByKey(keyOf(token), checked);
        }
    }

    /**
     * The key under which a token is kept (its hash): the session's handle for the holders of a session that must
     * not keep the token itself (stream tickets, open event streams). No credential: nothing takes it over HTTP.
     */
    static String keyOf(String token) {
        return hash(token);
    }

    Optional<Issued> lookupByKey(String key) {
        return live(key).map(slot -> slot.issued);
    }

    Optional<Checked> lastCheckByKey(String key) {
        return live(key).map(slot -> slot.checked);
    }

    void rememberCheckByKey(String key, Checked checked) {
        Slot slot = byHash.get(key);
        if (slot != null) {
            slot.checked = checked;
        }
    }

    private Optional<Slot> live(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Slot found = byHash.get(key);
        if (found == null) {
            return Optional.empty();
        }
        if (!found.issued.expiresAt().isAfter(clock.instant())) {
            byHash.remove(key);
            return Optional.empty();
        }
        return Optional.of(found);
    }

    void revoke(String token) {
        if (token != null) {
            byHash.remove(hash(token));
        }
    }

    void revokeAllOf(String userId) {
        byHash.values().removeIf(slot -> slot.issued.userId().equals(userId));
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        byHash.values().removeIf(slot -> !slot.issued.expiresAt().isAfter(now));
    }

    /** 256 random bits, URL-safe Base64 without padding (43 characters): a token or a stream ticket. */
    static String newSecret(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 suffices: the tokens are 256 random bits, so there is nothing to guess that a slow hash would guard. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
