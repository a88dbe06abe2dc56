package org.rayport.licensing.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The registration key: 15 characters of Crockford's Base32 taken from a SHA-256 of the host fingerprint and the
 * installation ID (75 bits), and a check character, written in four groups of four, e.g. {@code 7K3M-Q9ZT-4WXH-2NB6}.
 * Crockford's alphabet has no I, L, O or U, so a key read out over the phone or typed from paper survives; the check
 * character (Luhn mod 32) catches a single mistyped character and most swapped neighbours.
 * <p>
 * Written here rather than taken from a library: Commons Codec's Base32 uses the RFC 4648 alphabet (with I, L, O) and
 * Commons Validator's Luhn check digits are decimal only; the whole is thirty lines.
 */
public final class RegistrationKey {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int PAYLOAD_CHARACTERS = 15;
    private static final int LENGTH = PAYLOAD_CHARACTERS + 1;

    private RegistrationKey() {
    }

    /** The key of an installation. Both parts matter: a new machine or a new data directory gives a new key. */
    public static String of(String hostFingerprint, String installationId) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(("rayport-registration-key-1\n" + hostFingerprint
                    + "\n" + installationId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
        StringBuilder key = new StringBuilder(LENGTH);
        int bit = 0;
        for (int i = 0; i < PAYLOAD_CHARACTERS; i++, bit += 5) {
            int value = 0;
            for (int b = bit; b < bit + 5; b++) {
                value = (value << 1) | ((digest[b / 8] >> (7 - b % 8)) & 1);
            }
            key.append(ALPHABET.charAt(value));
        }
        key.append(checkCharacter(key));
        return grouped(key);
    }

    /**
     * The key in its canonical form: upper case, grouped, look-alikes read as Crockford reads them (O as 0, I and L
     * as 1), blanks and dashes anywhere ignored.
     *
     * @throws IllegalArgumentException naming what is wrong: length, a character outside the alphabet (with its
     *                                  position), or the check character
     */
    public static String normalise(String typed) {
        if (typed == null) {
            throw new IllegalArgumentException("No registration key given");
        }
        StringBuilder key = new StringBuilder(LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = Character.toUpperCase(typed.charAt(i));
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            c = c == 'O' ? '0' : c == 'I' || c == 'L' ? '1' : c;
            if (ALPHABET.indexOf(c) < 0) {
                throw new IllegalArgumentException("The registration key '" + typed + "' has the character '"
                        + typed.charAt(i) + "' at position " + (i + 1) + ", which no key contains");
            }
            key.append(c);
        }
        if (key.length() != LENGTH) {
            throw new IllegalArgumentException("The registration key '" + typed + "' has " + key.length()
                    + " characters without dashes; a key has " + LENGTH);
        }
        if (checkCharacter(key.subSequence(0, PAYLOAD_CHARACTERS)) != key.charAt(PAYLOAD_CHARACTERS)) {
            throw new IllegalArgumentException("The registration key '" + typed
                    + "' has a wrong check character: a character was mistyped");
        }
        return grouped(key);
    }

    /** Luhn mod N over the alphabet, as the algorithm is usually stated, with N = 32. */
    static char checkCharacter(CharSequence payload) {
        int n = ALPHABET.length();
        int factor = 2;
        int sum = 0;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(payload.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }
        return ALPHABET.charAt((n - sum % n) % n);
    }

    private static String grouped(CharSequence key) {
        StringBuilder grouped = new StringBuilder(LENGTH + 3);
        for (int i = 0; i < key.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                grouped.append('-');
            }
            grouped.append(key.charAt(i));
        }
        return grouped.toString().toUpperCase(Locale.ROOT);
    }
}
