package org.rayport.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's master key in a PKCS#12 key store (by default {@code ${karaf.etc}/rayport-store.p12}), away from the
 * data and the database. At the first start the key store is created with a random 256-bit AES key under the alias
 * {@value #ALIAS}, protected by a random password kept beside it in {@code <key store>.password}; both files are
 * readable by the server's user only. Losing the key store makes every stored instance unreadable: back it up
 * separately from the storage.
 */
final class MasterKeyFile {

    static final String ALIAS = "rayport-store-master-1";
    /** Written into every encrypted file so that a later key rotation knows which key a file needs. */
    static final int KEY_NUMBER = 1;

    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private MasterKeyFile() {
    }

    static Path passwordFileOf(Path keyStore) {
        return keyStore.resolveSibling(keyStore.getFileName() + ".password");
    }

    /** The raw master key bytes, creating the key store and its password file when neither exists. */
    static byte[] loadOrCreate(Path keyStore) throws IOException {
        Path passwordFile = passwordFileOf(keyStore);
        if (!Files.exists(keyStore)) {
            if (Files.exists(passwordFile)) {
                throw new IOException("The store's key store " + keyStore + " is missing but its password file "
                        + passwordFile + " exists: restore the key store from its backup (a new key could not decrypt"
                        + " anything stored so far)");
            }
            create(keyStore, passwordFile);
        }
        char[] password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip().toCharArray();
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyStore.Entry entry = store.getEntry(ALIAS, new KeyStore.PasswordProtection(password));
            if (!(entry instanceof KeyStore.SecretKeyEntry)) {
                throw new IOException("Key store " + keyStore + " has no secret key '" + ALIAS + "'");
            }
            SecretKey key = ((KeyStore.SecretKeyEntry) entry).getSecretKey();
            byte[] bytes = key.getEncoded();
            if (bytes == null || bytes.length != 32) {
                throw new IOException("Key '" + ALIAS + "' in " + keyStore + " is not a 256-bit key");
            }
            return bytes;
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot read the store's key store " + keyStore + " with the password in "
                    + passwordFile + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path keyStore, Path passwordFile) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] passwordBytes = new byte[24];
        random.nextBytes(passwordBytes);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(passwordBytes).toCharArray();
        Files.createDirectories(keyStore.toAbsolutePath().getParent());
        writeOwnerOnly(passwordFile, out -> out.write(new String(password).getBytes(StandardCharsets.US_ASCII)));
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setEntry(ALIAS, new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")),
                    new KeyStore.PasswordProtection(password));
            writeOwnerOnly(keyStore, out -> {
                try {
                    store.store(out, password);
                } catch (GeneralSecurityException e) {
                    throw new IOException(e);
                }
            });
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot create the key store " + keyStore + ": " + e.getMessage(), e);
        }
        LOG.info("Created the store's master key in {} (password in {}); back both up, apart from the storage",
                keyStore, passwordFile);
    }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    /** Written under a temporary name and renamed, so that a crash never leaves half a key store. */
    private static void writeOwnerOnly(Path target, Writing writing) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".new");
        Files.deleteIfExists(temp);
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        try {
            Files.createFile(temp, ownerOnly);
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            writing.to(out);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(temp);
            throw e;
        }
    }
}
