package org.rayport.licensing;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.Collections;

/**
 * What a licence file grants, after its signature has been checked. Valid from {@code notBefore} (inclusive) to
 * {@code notAfter} (exclusive).
 *
 * @param id the vendor's number of this licence, for support
 * @param registrationKey the installation it was issued for, as {@link LicenseService#registrationKey()} shows it
 * @param modules the names of the licensed modules, see {@link LicensedModule#KNOWN}
 * @param maxDevices how many devices may be active at once
 * @param keyId which vendor key signed it
 */
public record License(String id, String licensee, String registrationKey, Instant notBefore, Instant notAfter,
                      Set<String> modules, int maxDevices, Instant issuedAt, String keyId) {

    public License {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(licensee, "licensee");
        Objects.requireNonNull(registrationKey, "registrationKey");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(keyId, "keyId");
        modules = Collections.unmodifiableSet(new TreeSet<>(modules));
        if (maxDevices < 0) {
            throw new IllegalArgumentException("maxDevices must not be negative: " + maxDevices);
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
    }

    /** Whether the licence is in its validity period at {@code now}. */
    public boolean validAt(Instant now) {
        return !now.isBefore(notBefore) && now.isBefore(notAfter);
    }
}
