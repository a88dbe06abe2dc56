package org.rayport.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class CsrfTest {

    private final Csrf csrf = new Csrf();

    @Test
    public void tokenOfSameUserIsAccepted() {
        assertTrue(csrf.validToken("admin", csrf.token("admin")));
    }

    @Test
    public void tokenIsStableForOneKeyAndUser() {
        assertEquals(csrf.token("admin"), csrf.token("admin"));
    }

    @Test
    public void tokenOfAnotherUserIsRefused() {
        assertFalse(csrf.validToken("admin", csrf.token("mallory")));
    }

    @Test
    public void tokenMadeWithAnotherKeyIsRefused() {
        assertFalse(csrf.validToken("admin", new Csrf().token("admin")));
    }

    @Test
    public void tokenIsBase64UrlOfHmacSha256OfUserName() {
        // Computed independently: base64url(HMAC-SHA256(key = 32 zero bytes, "admin")) without padding.
        assertEquals("jV-K7rZOPOILU30ExIZAfq9IlkZhfPz0k-dvW3lPoIA", new Csrf(new byte[32]).token("admin"));
    }

    @Test
    public void missingOrTamperedTokenIsRefused() {
        String token = csrf.token("admin");
        assertFalse(csrf.validToken("admin", null));
        assertFalse(csrf.validToken("admin", ""));
        assertFalse(csrf.validToken("admin", token.substring(1)));
        assertFalse(csrf.validToken("admin", token + "A"));
        char last = token.charAt(token.length() - 1);
        assertFalse(csrf.validToken("admin", token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A')));
    }

    @Test
    public void nullUserCountsAsEmptyName() {
        assertEquals(csrf.token(""), csrf.token(null));
        assertTrue(csrf.validToken(null, csrf.token("")));
        assertFalse(csrf.validToken(null, csrf.token("admin")));
    }

    @Test
    public void originOfSameServerIsAccepted() {
        assertTrue(Csrf.sameOrigin("http://localhost:8181", null, "http", "localhost", 8181));
        assertTrue(Csrf.sameOrigin("HTTP://LocalHost:8181", null, "http", "localhost", 8181));
    }

    @Test
    public void defaultPortMayBeLeftOut() {
        assertTrue(Csrf.sameOrigin("https://rayport.example.org", null, "https", "rayport.example.org", 443));
        assertTrue(Csrf.sameOrigin("http://rayport.example.org", null, "http", "rayport.example.org", 80));
        assertFalse(Csrf.sameOrigin("https://rayport.example.org", null, "https", "rayport.example.org", 8443));
    }

    @Test
    public void foreignOriginIsRefused() {
        assertFalse(Csrf.sameOrigin("http://evil.example", null, "http", "localhost", 8181));
        assertFalse(Csrf.sameOrigin("http://localhost:8182", null, "http", "localhost", 8181));
        assertFalse(Csrf.sameOrigin("https://localhost:8181", null, "http", "localhost", 8181));
        assertFalse(Csrf.sameOrigin("http://localhost.evil.example:8181", null, "http", "localhost", 8181));
    }

    @Test
    public void originDecidesEvenWhenRefererMatches() {
        assertFalse(Csrf.sameOrigin("http://evil.example", "http://localhost:8181/system/console/rayport-users",
                "http", "localhost", 8181));
    }

    @Test
    public void refererIsUsedWithoutOrigin() {
        assertTrue(Csrf.sameOrigin(null, "http://localhost:8181/system/console/rayport-users?edit=bob",
                "http", "localhost", 8181));
        assertFalse(Csrf.sameOrigin(null, "http://evil.example/page?u=http://localhost:8181/",
                "http", "localhost", 8181));
    }

    @Test
    public void missingNullOrMalformedSourceIsRefused() {
        assertFalse(Csrf.sameOrigin(null, null, "http", "localhost", 8181));
        assertFalse(Csrf.sameOrigin("", null, "http", "localhost", 8181));
        assertFalse(Csrf.sameOrigin("null", "http://localhost:8181/", "http", "localhost", 8181));
        assertFalse(Csrf.sameOrigin("http://local host:8181", null, "http", "localhost", 8181));
    }

    @Test
    public void ipv6HostsCompareWithOrWithoutBrackets() {
        assertTrue(Csrf.sameOrigin("http://[::1]:8181", null, "http", "[::1]", 8181));
        assertTrue(Csrf.sameOrigin("http://[::1]:8181", null, "http", "::1", 8181));
    }
}
