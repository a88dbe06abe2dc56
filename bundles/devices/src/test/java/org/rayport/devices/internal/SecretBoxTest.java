package org.rayport.devices.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SecretBoxTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static final byte[] SECRET = "twenty bytes secret!".getBytes(StandardCharsets.US_ASCII);

    @Test
    public void theKeyFileIsMadeOnceReadableByTheOwnerOnlyAndReadAgainLater() throws Exception {
        Path keyFile = folder.getRoot().toPath().resolve("etc/" + SecretBox.KEY_FILE_NAME);
        String sealed = SecretBox.withKeyFile(keyFile).encrypt(SECRET, "ann");

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals(32, Files.size(keyFile));
        assertArrayEquals(SECRET, SecretBox.withKeyFile(keyFile).decrypt(sealed, "ann"));
    }

    @Test
    public void theStoredValueRevealsNothingAndDiffersEachTime() {
        SecretBox box = SecretBox.withKeyFile(folder.getRoot().toPath().resolve("key"));
        String first = box.encrypt(SECRET, "ann");
        String second = box.encrypt(SECRET, "ann");

        assertNotEquals(first, second);
        assertTrue(first.startsWith("v1:"));
        assertTrue(!first.contains("twenty") && !new String(java.util.Base64.getDecoder().decode(first.substring(3)),
                StandardCharsets.ISO_8859_1).contains("twenty"));
    }

    @Test
    public void aValueDoesNotDecryptForAnotherUserNorWithAnotherKeyNorAltered() {
        SecretBox box = SecretBox.withKeyFile(folder.getRoot().toPath().resolve("key"));
        SecretBox other = SecretBox.withKeyFile(folder.getRoot().toPath().resolve("other-key"));
        String sealed = box.encrypt(SECRET, "ann");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);

        assertThrows(IllegalStateException.class, () -> box.decrypt(sealed, "bob"));
        assertThrows(IllegalStateException.class, () -> other.decrypt(sealed, "ann"));
        assertThrows(IllegalStateException.class, () -> box.decrypt(altered, "ann"));
        assertThrows(IllegalStateException.class, () -> box.decrypt("v1:AAAA", "ann"));
        assertThrows(IllegalStateException.class, () -> box.decrypt("plain", "ann"));
    }

    @Test
    public void aKeyFileOfTheWrongSizeIsRefusedWithItsName() throws Exception {
        Path keyFile = folder.getRoot().toPath().resolve("short.key");
        Files.write(keyFile, new byte[7]);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SecretBox.withKeyFile(keyFile));
        assertTrue(refused.getMessage(), refused.getMessage().contains(keyFile.toString())
                && refused.getMessage().contains("7 bytes"));
    }
}
