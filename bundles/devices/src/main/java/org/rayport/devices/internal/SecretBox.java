package org.rayport.devices.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts small secrets (TOTP keys) for the database with AES-256-GCM under a key kept in a file outside it, so that
 * a copy of the database (a backup, a PostgreSQL dump) does not reveal them. The key file is made at the first start,
 * readable by the owner only. Each value carries its own random 96-bit nonce and is bound to a context (the user ID)
 * as associated data, so a value copied to another user's row does not decrypt.
 */
final class SecretBox {

    static final String KEY_FILE_NAME = "rayport-two-factor.key";
    private static final Logger LOG = LoggerFactory.getLogger(SecretBox.class);
    private static final String FORMAT = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Reads the key file, or makes it (mode 600) when there is none. */
    static SecretBox withKeyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != KEY_BYTES) {
                throw new IllegalStateException("The two-factor key file " + file + " holds " + key.length
                        + " bytes instead of " + KEY_BYTES + "; restore it from a backup, or remove it and reset the"
                        + " two-factor authentication of every user");
            }
            return new SecretBox(key);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the two-factor key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (FileAlreadyExistsException raced) {
            return;
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.write(file, key, StandardOpenOption.TRUNCATE_EXISTING);
        LOG.info("Created the key for two-factor secrets: {} (keep it with backups of the database)", file);
    }

    String encrypt(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, context, plain);
        return FORMAT + Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    }

    byte[] decrypt(String stored, String context) {
        if (stored == null || !stored.startsWith(FORMAT)) {
            throw new IllegalStateException("A two-factor secret of '" + context + "' is not in the format " + FORMAT);
        }
        byte[] bytes = Base64.getDecoder().decode(stored.substring(FORMAT.length()));
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("A two-factor secret of '" + context + "' is truncated: " + bytes.length
                    + " bytes");
        }
        byte[] nonce = java.util.Arrays.copyOfRange(bytes, 0, NONCE_BYTES);
        byte[] sealed = java.util.Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
        return cipher(Cipher.DECRYPT_MODE, nonce, context, sealed);
    }

    private byte[] cipher(int mode, byte[] nonce, String context, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("A two-factor secret of '" + context + "' does not decrypt with the key"
                    + " file: the key was replaced, or the value was altered; reset that user's two-factor"
                    + " authentication", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }
}
