package org.rayport.auth.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use tickets for opening an event stream where the client cannot send headers (a browser's EventSource):
 * 256 random bits each, kept in memory only and only as their SHA-256 hash (as {@link SessionTokens} keeps tokens),
 * each naming the key of the token session it was issued for. A ticket is forgotten the moment it is presented,
 * whether it is then accepted or not, and expires after its lifetime. A session holds at most
 * {@link #MAX_PER_SESSION} unused tickets (a new one displaces its oldest), so issuing in a loop grows nothing.
 * <p>
 * Own code rather than a library: it is a map of hashes with an expiry, like the session tokens beside it, and a
 * token library (JWT and the like) would make the ticket checkable without this map, i.e. not single-use.
 */
final class StreamTickets {

    static final Duration LIFETIME = Duration.ofSeconds(60);
    static final int MAX_PER_SESSION = 8;
    /** Longer input is no ticket of ours (43 characters); refused before it is hashed. */
    private static final int MAX_LENGTH = 128;

    private record Ticket(String sessionKey, Instant expiresAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> byHash = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;

    StreamTickets(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** A new ticket for the session of this token key. */
    synchronized String issue(String sessionKey) {
        Instant now = clock.instant();
        byHash.values().removeIf(ticket -> !ticket.expiresAt().isAfter(now));
        long held = byHash.values().stream().filter(ticket -> ticket.sessionKey().equals(sessionKey)).count();
        if (held >= MAX_PER_SESSION) {
            byHash.entrySet().stream().filter(entry -> entry.getValue().sessionKey().equals(sessionKey))
                    .min(Comparator.comparing(entry -> entry.getValue().expiresAt()))
                    .ifPresent(oldest -> byHash.remove(oldest.getKey()));
        }
        String ticket = SessionTokens.newSecret(random);
        byHash.put(SessionTokens.hash(ticket), new Ticket(sessionKey, now.plus(lifetime)));
        return ticket;
    }

    /** Uses the ticket up and answers its session's token key; empty when it is unknown, used or expired. */
    Optional<String> redeem(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Ticket found = byHash.remove(SessionTokens.hash(ticket));
        if (found == null || !found.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(found.sessionKey());
    }

    /** Tickets held now, used or not, expired or not: for tests of the bound. */
    int size() {
        return byHash.size();
    }
}
