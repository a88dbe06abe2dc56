package org.rayport.pseudonymization.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pools' pseudonymization secrets: one random 256-bit key per pool in a PKCS#12 key store (by default
 * {@code ${karaf.etc}/rayport-pseudonymization.p12}, made as the store's {@code rayport-store.p12} is), protected by
 * a random password in {@code <key store>.password}; both owner-only. A key is added the first time its pool
 * pseudonymizes. Keeping the file keeps the pseudonyms: a restored backup of etc gives the same pseudonyms again,
 * a lost file gives new ones.
 */
final class PoolSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(PoolSecrets.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path keyStore;
    private final Path passwordFile;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    PoolSecrets(Path keyStore) {
        this.keyStore = keyStore;
        this.passwordFile = keyStore.resolveSibling(keyStore.getFileName() + ".password");
    }

    Path keyStore() {
        return keyStore;
    }

    /** The pool's secret, created and saved at its first use. */
    byte[] of(String poolId) throws IOException {
        byte[] known = cache.get(poolId);
        return known != null ? known : loadOrCreate(poolId);
    }

    /** PKCS#12 aliases are case-insensitive; pool ids are not: the alias is the id in hex. */
    private static String alias(String poolId) {
        return "pool-" + HexFormat.of().formatHex(poolId.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized byte[] loadOrCreate(String poolId) throws IOException {
        byte[] known = cache.get(poolId);
        if (known != null) {
            return known;
        }
        try {
            char[] password = password();
            KeyStore store = KeyStore.getInstance("PKCS12");
            if (Files.exists(keyStore)) {
                try (InputStream in = Files.newInputStream(keyStore)) {
                    store.load(in, password);
                }
            } else {
                store.load(null, null);
            }
            KeyStore.ProtectionParameter protection = new KeyStore.PasswordProtection(password);
            KeyStore.Entry entry = store.getEntry(alias(poolId), protection);
            byte[] secret;
            if (entry instanceof KeyStore.SecretKeyEntry) {
                SecretKey key = ((KeyStore.SecretKeyEntry) entry).getSecretKey();
                secret = key.getEncoded();
            } else {
                secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                store.setEntry(alias(poolId), new KeyStore.SecretKeyEntry(new SecretKeySpec(secret, "AES")), protection);
                writeOwnerOnly(keyStore, out -> {
                    try {
                        store.store(out, password);
                    } catch (GeneralSecurityException e) {
                        throw new IOException(e);
                    }
                });
                LOG.info("Created the pseudonymization secret of pool {} in {}; back it up with etc to keep its"
                        + " pseudonyms", poolId, keyStore);
            }
            cache.put(poolId, secret);
            return secret;
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot use the pseudonymization key store " + keyStore + " with the password in "
                    + passwordFile + ": " + e.getMessage(), e);
        }
    }

    private char[] password() throws IOException {
        if (!Files.exists(passwordFile)) {
            if (Files.exists(keyStore)) {
                throw new IOException("The pseudonymization key store " + keyStore + " exists but its password file "
                        + passwordFile + " is missing: restore it from the backup of etc");
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(keyStore.toAbsolutePath().getParent());
            writeOwnerOnly(passwordFile, out -> out.write(password.getBytes(StandardCharsets.US_ASCII)));
        }
        return Files.readString(passwordFile, StandardCharsets.US_ASCII).strip().toCharArray();
    }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    /** Under a temporary name, then renamed: a crash never leaves half a key store. */
    private static void writeOwnerOnly(Path target, Writing writing) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".new");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException noPosix) {
            Files.createFile(temp);
        }
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            writing.to(out);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
