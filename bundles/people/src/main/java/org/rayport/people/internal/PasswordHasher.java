package org.rayport.people.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.apache.shiro.crypto.hash.AbstractCryptHash;
import org.apache.shiro.crypto.hash.Hash;
import org.apache.shiro.crypto.hash.HashRequest;
import org.apache.shiro.crypto.hash.HashSpi;
import org.apache.shiro.crypto.support.hashes.argon2.Argon2HashProvider;
import org.apache.shiro.lang.util.ByteSource;

/**
 * Argon2id password hashes in the PHC string format, through Shiro's crypto. The provider is created directly
 * rather than found by Shiro's ServiceLoader lookup, which depends on SPI Fly weaving the right bundle.
 * Parameters follow OWASP's Argon2id minimum (19 MiB, 2 iterations, 1 lane).
 */
final class PasswordHasher {

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;

    private final HashSpi provider = new Argon2HashProvider();
    private final SecureRandom random = new SecureRandom();
    /** Verified against when a login names an unknown user, so that the answer takes as long as for a known one. */
    private final String decoy;

    PasswordHasher() {
        this.decoy = hash(Long.toHexString(random.nextLong()));
    }

    String hash(String password) {
        HashRequest request = new HashRequest.Builder()
                .setSource(ByteSource.Util.bytes(password.getBytes(StandardCharsets.UTF_8)))
                .addParameter(Argon2HashProvider.Parameters.PARAMETER_MEMORY_KIB, String.valueOf(MEMORY_KIB))
                .addParameter(Argon2HashProvider.Parameters.PARAMETER_ITERATIONS, String.valueOf(ITERATIONS))
                .addParameter(Argon2HashProvider.Parameters.PARAMETER_PARALLELISM, String.valueOf(PARALLELISM))
                .build();
        // Shiro reads these parameters as strings.
        Hash hash = provider.newHashFactory(random).generate(request);
        return ((AbstractCryptHash) hash).formatToCryptString();
    }

    boolean matches(String password, String storedHash) {
        if (password == null || storedHash == null) {
            return false;
        }
        return provider.fromString(storedHash)
                .matchesPassword(ByteSource.Util.bytes(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** Spends the time of one verification and answers false. */
    boolean matchNothing(String password) {
        matches(password == null ? "" : password, decoy);
        return false;
    }
}
