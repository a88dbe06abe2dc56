package org.rayport.licensing.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys in the PEM files that OpenSSL writes and reads ({@code openssl genpkey -algorithm ed25519}): public
 * keys as X.509 SubjectPublicKeyInfo, private keys as PKCS #8. The JDK reads the DER inside but has no PEM API before
 * Java 25; BouncyCastle's PEM classes would bring a 9 MB dependency for these few lines.
 */
public final class Pem {

    public static final String ALGORITHM = "Ed25519";
    private static final String PUBLIC = "PUBLIC KEY";
    private static final String PRIVATE = "PRIVATE KEY";

    private Pem() {
    }

    public static String publicKey(PublicKey key) {
        return armour(PUBLIC, key.getEncoded());
    }

    public static String privateKey(PrivateKey key) {
        return armour(PRIVATE, key.getEncoded());
    }

    /** @param source where the text came from, for the message when it is not an Ed25519 public key */
    public static PublicKey readPublicKey(String pem, String source) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(dearmour(PUBLIC, pem, source)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(String pem, String source) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(dearmour(PRIVATE, pem, source)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static String armour(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] dearmour(String type, String pem, String source) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, Math.max(from, 0));
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException(source + " has no '" + begin + "' ... '" + end + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " has a damaged " + type + " block: " + e.getMessage(), e);
        }
    }
}
