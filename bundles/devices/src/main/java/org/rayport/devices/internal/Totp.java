package org.rayport.devices.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP) with the parameters authenticator apps assume:
 * HMAC-SHA-1, 30-second steps, 6 digits.
 * <p>
 * Written here rather than taken from a library: the algorithm is a dozen lines over {@link Mac}, and the Java TOTP
 * libraries on Maven Central checked for this (java-otp, dev.samstevens.totp) are neither OSGi bundles nor
 * released in recent years. The RFC's test vectors prove it (TotpTest).
 */
final class Totp {

    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    /** Steps accepted before and after the current one, for clocks that differ a little. */
    static final int TOLERANCE_STEPS = 1;

    private static final String HMAC = "HmacSHA1";

    private Totp() {
    }

    static long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of one step, with leading zeros, as HOTP (RFC 4226 section 5.3) computes it. */
    static String code(byte[] key, long step, int digits) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every Java runtime", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        long modulus = 1;
        for (int i = 0; i < digits; i++) {
            modulus *= 10;
        }
        StringBuilder code = new StringBuilder(Long.toString(binary % modulus));
        while (code.length() < digits) {
            code.insert(0, '0');
        }
        return code.toString();
    }

    /**
     * The step, within the tolerance around {@code now}, whose code {@code code} is; empty when none is or the code
     * is not six digits. Spaces are ignored, as apps show "123 456".
     */
    static OptionalLong matchingStep(byte[] key, String code, Instant now) {
        if (code == null) {
            return OptionalLong.empty();
        }
        String digits = code.replace(" ", "");
        if (digits.length() != DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        byte[] given = digits.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        // The newest matching step wins, so that a code of the next step is not accepted again as the current one.
        for (long step = current + TOLERANCE_STEPS; step >= current - TOLERANCE_STEPS; step--) {
            byte[] expected = code(key, step, DIGITS).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given)) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }
}
