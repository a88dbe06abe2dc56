package org.rayport.licensing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The public keys whose licences this server accepts, by key ID. Immutable. */
public final class TrustedKeys {

    /** The vendor's public key, built into the bundle; see docs/licensing.md for how the vendor replaces it. */
    static final String VENDOR_KEY_RESOURCE = "vendor-public-key.pem";

    private final Map<String, PublicKey> keys;

    private TrustedKeys(Map<String, PublicKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    public static TrustedKeys of(PublicKey... keys) {
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (PublicKey key : keys) {
            byId.put(keyId(key), key);
        }
        return new TrustedKeys(byId);
    }

    /** Only the vendor's key built into this bundle. */
    public static TrustedKeys vendor() {
        try (InputStream in = TrustedKeys.class.getResourceAsStream(VENDOR_KEY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The bundle lacks its vendor key " + VENDOR_KEY_RESOURCE);
            }
            return of(Pem.readPublicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII),
                    "the built-in vendor key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** These keys and one more. */
    public TrustedKeys with(PublicKey additional) {
        Map<String, PublicKey> more = new LinkedHashMap<>(keys);
        more.put(keyId(additional), additional);
        return new TrustedKeys(more);
    }

    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    public Map<String, PublicKey> all() {
        return keys;
    }

    /** The first 8 bytes of the SHA-256 of the key's X.509 encoding, in hex: short enough to read, and to name. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
