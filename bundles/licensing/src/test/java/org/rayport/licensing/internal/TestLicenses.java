package org.rayport.licensing.internal;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.rayport.licensing.License;

/** Key pairs made for one test, and licences signed with them. */
final class TestLicenses {

    private TestLicenses() {
    }

    static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static License license(KeyPair signer, String registrationKey, Instant notBefore, Instant notAfter,
                           Set<String> modules, int maxDevices) {
        return new License(UUID.randomUUID().toString(), "Klinikum Nord", registrationKey, notBefore, notAfter,
                modules, maxDevices, notBefore.minus(Duration.ofDays(1)), TrustedKeys.keyId(signer.getPublic()));
    }

    static byte[] file(KeyPair signer, String registrationKey, Instant notBefore, Instant notAfter,
                       Set<String> modules, int maxDevices) {
        return LicenseCodec.write(license(signer, registrationKey, notBefore, notAfter, modules, maxDevices),
                signer.getPrivate());
    }
}
