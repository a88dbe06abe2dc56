package org.rayport.auth.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opaque bearer tokens: 256 random bits each, mapped to the user and the device (if any) they were issued to. Kept in
 * memory only, so a restart logs everybody out and nothing secret lies in the database.
 */
final class SessionTokens {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;

    SessionTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** @param deviceId null for a token obtained without a device */
    record Issued(String userId, String deviceId, Instant expiresAt) {
    }

    String issue(String userId) {
        return issue(userId, null);
    }

    String issue(String userId, String deviceId) {
        purgeExpired();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        issued.put(token, new Issued(userId, deviceId, clock.instant().plus(lifetime)));
        return token;
    }

    Optional<Issued> lookup(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Issued found = issued.get(token);
        if (found == null) {
            return Optional.empty();
        }
        if (!found.expiresAt().isAfter(clock.instant())) {
            issued.remove(token);
            return Optional.empty();
        }
        return Optional.of(found);
    }

    void revoke(String token) {
        if (token != null) {
            issued.remove(token);
        }
    }

    void revokeAllOf(String userId) {
        issued.values().removeIf(i -> i.userId().equals(userId));
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        issued.values().removeIf(i -> !i.expiresAt().isAfter(now));
    }
}
