package org.rayport.pseudonymization.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.rayport.dicom.data.Dictionary;

/**
 * Every replacement value of one pool, derived with HMAC-SHA256 under the pool's secret from the original value
 * and the purpose of the replacement: deterministic (the same input gives the same pseudonym, so no lookup table
 * is kept) and not reversible without the secret. Thread-safe.
 */
final class Pseudonyms {

    /** Dates move back by 1 to this many days, per patient, so that intervals within a patient stay. */
    static final int MAX_DATE_SHIFT_DAYS = 3650;

    private final SecretKeySpec key;

    Pseudonyms(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    byte[] hmac(String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    /** {@code 2.25.} and the decimal of 128 bits; well-known UIDs (SOP classes, transfer syntaxes...) stay. */
    String uid(String uid) {
        if (uid.isEmpty() || Dictionary.standard().lookupUid(uid).isPresent()) {
            return uid;
        }
        byte[] h = hmac("UID", uid);
        byte[] first128 = new byte[16];
        System.arraycopy(h, 0, first128, 0, 16);
        return "2.25." + new BigInteger(1, first128);
    }

    String patientId(String id) {
        return HexFormat.of().withUpperCase().formatHex(hmac("PatientID", id), 0, 8);
    }

    /** {@code PSEUDO^} and eight letters. */
    String personName(String name) {
        byte[] h = hmac("PersonName", name);
        StringBuilder s = new StringBuilder("PSEUDO^");
        for (int i = 0; i < 8; i++) {
            s.append((char) ('A' + (h[i] & 0xFF) % 26));
        }
        return s.toString();
    }

    /** A dummy of at most {@code maxLength} characters, the same for the same value (IDs stay consistent). */
    String text(String purpose, String value, int maxLength) {
        String hex = HexFormat.of().withUpperCase().formatHex(hmac(purpose, value), 0, 8);
        return ("D" + hex).substring(0, Math.min(maxLength, hex.length() + 1));
    }

    int dateShiftDays(String patientId) {
        byte[] h = hmac("DateShift", patientId);
        int value = ((h[0] & 0x7F) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
        return 1 + value % MAX_DATE_SHIFT_DAYS;
    }
}
