package org.rayport.devices;

/**
 * What a user needs to set up an authenticator app: the {@code otpauth://} URI (also as a QR code) and the secret in
 * Base32 for typing it in by hand. Secret material: never log it; {@link #toString()} leaves it out.
 */
public record Enrolment(String userId, String otpauthUri, String secretBase32, byte[] qrCodePng) {

    public Enrolment {
        qrCodePng = qrCodePng.clone();
    }

    @Override
    public byte[] qrCodePng() {
        return qrCodePng.clone();
    }

    @Override
    public String toString() {
        return "Enrolment[user=" + userId + "]";
    }
}
