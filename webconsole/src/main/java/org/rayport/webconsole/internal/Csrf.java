package org.rayport.webconsole.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two checks every POST of a Rayport page must pass. The web console already demands an administrator's login,
 * but browsers resend HTTP Basic credentials on their own, so a foreign page could otherwise make an administrator's
 * browser add or delete users.
 */
final class Csrf {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** A fresh random key: tokens of earlier activations stop working, which only means reloading the page. */
    Csrf() {
        this(randomKey());
    }

    Csrf(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The value of the hidden {@code csrf} field for the given remote user; null counts as the empty name. */
    String token(String user) {
        try {
            // A new Mac per call because Mac is not thread-safe and servlets serve requests concurrently.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((user == null ? "" : user).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide HmacSHA256, so this means a broken JVM.
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    boolean validToken(String user, String token) {
        if (token == null) {
            return false;
        }
        // Constant time, so that the token cannot be guessed byte by byte from response times.
        return MessageDigest.isEqual(token(user).getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether the request comes from a page of this server: the {@code Origin} header, or the {@code Referer} when a
     * browser sent no origin, must name the same scheme, host and port as the request. A request with neither
     * header is refused, since a form of the console always gets at least one of them from the browser.
     */
    static boolean sameOrigin(String origin, String referer, String scheme, String host, int port) {
        String source = origin != null ? origin : referer;
        if (source == null || source.isBlank() || scheme == null || host == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(source.strip());
        } catch (URISyntaxException e) {
            return false;
        }
        // "Origin: null" (sandboxed frames, file: pages) has no scheme and no host and fails here.
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        return uri.getScheme().equalsIgnoreCase(scheme)
                && bareHost(uri.getHost()).equals(bareHost(host))
                && effectivePort(uri.getScheme(), uri.getPort()) == effectivePort(scheme, port);
    }

    /** IPv6 literals come with brackets from URI and without them from some containers. */
    private static String bareHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    /** Browsers leave the default port out of Origin and Referer, while the servlet API always states it. */
    private static int effectivePort(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }
}
