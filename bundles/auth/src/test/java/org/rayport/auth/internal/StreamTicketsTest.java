package org.rayport.auth.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.Test;
import org.rayport.testing.MutableClock;

/** The rules of stream tickets: random, single use, a lifetime, bounded per session, and tied to a live token. */
public class StreamTicketsTest {

    private static final Instant START = Instant.parse("2030-01-01T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final SessionTokens tokens = new SessionTokens(clock, Duration.ofHours(12));
    private final StreamTickets tickets = new StreamTickets(clock, StreamTickets.LIFETIME);

    @Test
    public void ticketsAreUniqueUrlSafeAnd256BitsLong() {
        Set<String> issued = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String ticket = tickets.issue("session-" + i);
            assertTrue(ticket, ticket.matches("[A-Za-z0-9_-]{43}"));
            issued.add(ticket);
        }
        assertEquals(1000, issued.size());
    }

    @Test
    public void aTicketWorksOnceAndNamesItsSession() {
        String ticket = tickets.issue("session-a");

        assertEquals(Optional.of("session-a"), tickets.redeem(ticket));
        assertEquals("a second use is refused", Optional.empty(), tickets.redeem(ticket));
    }

    @Test
    public void aTicketExpiresAfterSixtySeconds() {
        String early = tickets.issue("session-a");
        String late = tickets.issue("session-a");

        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertEquals(Optional.of("session-a"), tickets.redeem(early));
        clock.advance(Duration.ofNanos(1));
        assertEquals(Optional.empty(), tickets.redeem(late));
    }

    @Test
    public void aRefusedExpiredTicketIsForgottenAndCannotComeBack() {
        String ticket = tickets.issue("session-a");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Optional.empty(), tickets.redeem(ticket));
        assertEquals(0, tickets.size());
    }

    @Test
    public void unknownEmptyAndOverlongInputIsNoTicket() {
        tickets.issue("session-a");
        assertEquals(Optional.empty(), tickets.redeem(null));
        assertEquals(Optional.empty(), tickets.redeem(""));
        assertEquals(Optional.empty(), tickets.redeem("x".repeat(10_000)));
        assertEquals(Optional.empty(), tickets.redeem("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    }

    @Test
    public void aSessionHoldsAtMostEightTicketsAndANewOneDisplacesTheOldest() {
        String oldest = tickets.issue("busy");
        clock.advance(Duration.ofSeconds(1));
        for (int i = 1; i < StreamTickets.MAX_PER_SESSION; i++) {
            tickets.issue("busy");
        }
        String other = tickets.issue("quiet");
        assertEquals(StreamTickets.MAX_PER_SESSION + 1, tickets.size());

        String newest = tickets.issue("busy");
        assertEquals(StreamTickets.MAX_PER_SESSION + 1, tickets.size());
        assertEquals(Optional.empty(), tickets.redeem(oldest));
        assertEquals(Optional.of("busy"), tickets.redeem(newest));
        assertEquals("another session's ticket is untouched", Optional.of("quiet"), tickets.redeem(other));
    }

    @Test
    public void expiredTicketsAreDroppedWhenTheNextIsIssued() {
        for (int i = 0; i < 5; i++) {
            tickets.issue("session-" + i);
        }
        clock.advance(Duration.ofMinutes(1));
        tickets.issue("session-new");
        assertEquals(1, tickets.size());
    }

    /** A ticket names its token by key; once the token is logged out, the key finds no session any more. */
    @Test
    public void theTicketOfALoggedOutTokenLeadsToNoSession() {
        String token = tokens.issue("ann", "phone");
        String key = SessionTokens.keyOf(token);
        assertNotEquals("the key is not the token", token, key);
        String ticket = tickets.issue(key);
        String second = tickets.issue(key);
        assertEquals(Optional.of(new SessionTokens.Issued("ann", "phone", START.plus(Duration.ofHours(12)))),
                tickets.redeem(ticket).flatMap(tokens::lookupByKey));

        tokens.revoke(token);
        assertEquals(Optional.empty(), tickets.redeem(second).flatMap(tokens::lookupByKey));
    }
}
