package org.rayport.auth.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.Test;
import org.rayport.auth.Session;
import org.rayport.testing.MutableClock;

public class SessionTokensTest {

    private static final Duration LIFETIME = Duration.ofHours(12);
    private static final Instant START = Instant.parse("2030-01-01T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final SessionTokens tokens = new SessionTokens(clock, LIFETIME);

    @Test
    public void tokensAreUniqueUrlSafeAnd43CharactersLong() {
        Set<String> issued = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = tokens.issue("ann");
            assertTrue(token, token.matches("[A-Za-z0-9_-]{43}"));
            issued.add(token);
        }
        assertEquals(1000, issued.size());
    }

    @Test
    public void aTokenNamesItsUserAndExpiry() {
        String token = tokens.issue("ann");

        assertEquals(Optional.of(new SessionTokens.Issued("ann", null, START.plus(LIFETIME))), tokens.lookup(token));
        assertEquals(Optional.empty(), tokens.lookup("not-a-token"));
        assertEquals(Optional.empty(), tokens.lookup(null));
    }

    @Test
    public void aTokenExpiresAfterItsLifetime() {
        String token = tokens.issue("ann");

        clock.advance(LIFETIME.minusNanos(1));
        assertTrue(tokens.lookup(token).isPresent());
        clock.advance(Duration.ofNanos(1));
        assertEquals(Optional.empty(), tokens.lookup(token));
    }

    @Test
    public void aRevokedTokenIsGoneAndOthersStay() {
        String first = tokens.issue("ann");
        String second = tokens.issue("ann");

        tokens.revoke(first);
        tokens.revoke(null);

        assertEquals(Optional.empty(), tokens.lookup(first));
        assertTrue(tokens.lookup(second).isPresent());
    }

    @Test
    public void revokeAllOfEndsEverySessionOfOneUser() {
        String annOnPhone = tokens.issue("ann");
        String annAtDesk = tokens.issue("ann");
        String bob = tokens.issue("bob");

        tokens.revokeAllOf("ann");

        assertEquals(Optional.empty(), tokens.lookup(annOnPhone));
        assertEquals(Optional.empty(), tokens.lookup(annAtDesk));
        assertEquals("bob", tokens.lookup(bob).orElseThrow().userId());
    }

    @Test
    public void aPassedCheckStaysWithItsTokenAndGoesWithIt() {
        String token = tokens.issue("ann", "phone");
        assertEquals("not checked yet", Optional.empty(), tokens.lastCheck(token));
        SessionTokens.Checked checked = new SessionTokens.Checked(
                new Session(null, "ann", Set.of("user"), false, START.plus(LIFETIME), "phone"), 3, 7);
        tokens.rememberCheck(token, checked);

        assertEquals(checked, tokens.lastCheck(token).orElseThrow());
        assertTrue(checked.stillValidAt(3, 7));
        assertFalse("people changed", checked.stillValidAt(4, 7));
        assertFalse("a device changed", checked.stillValidAt(3, 8));
        assertFalse("a service that cannot tell", new SessionTokens.Checked(checked.session(), -1, 7)
                .stillValidAt(-1, 7));

        tokens.revoke(token);
        assertEquals(Optional.empty(), tokens.lastCheck(token));
        tokens.rememberCheck(token, checked);
        assertEquals("a check does not bring a logged-out token back", Optional.empty(), tokens.lookup(token));
    }

    @Test
    public void anExpiredTokensCheckIsNotReused() {
        String token = tokens.issue("ann");
        tokens.rememberCheck(token, new SessionTokens.Checked(
                new Session(null, "ann", Set.of("user"), false, START.plus(LIFETIME)), 0, 0));
        clock.advance(LIFETIME);
        assertEquals(Optional.empty(), tokens.lastCheck(token));
    }
}
