package org.rayport.licensing.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RegistrationKeyTest {

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void keyIsShortGroupedAndStable() {
        String key = RegistrationKey.of("machine-id:abc", "7d4b9a52-1f1e-4a8e-9a53-3c2f1d0c9e11");
        assertTrue(key, key.matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}"));
        assertEquals(key, RegistrationKey.of("machine-id:abc", "7d4b9a52-1f1e-4a8e-9a53-3c2f1d0c9e11"));
        assertNotEquals(key, RegistrationKey.of("machine-id:abd", "7d4b9a52-1f1e-4a8e-9a53-3c2f1d0c9e11"));
        assertNotEquals(key, RegistrationKey.of("machine-id:abc", "7d4b9a52-1f1e-4a8e-9a53-3c2f1d0c9e12"));
        assertEquals(key, RegistrationKey.normalise(key));
    }

    @Test
    public void typedKeysAreReadAsCrockfordReadsThem() {
        String key = RegistrationKey.of("machine-id:abc", "7d4b9a52-1f1e-4a8e-9a53-3c2f1d0c9e11");
        assertEquals(key, RegistrationKey.normalise(" " + key.toLowerCase().replace("-", "") + " "));
        assertEquals(key, RegistrationKey.normalise(key.replace('0', 'O').replace('1', 'l')));
    }

    @Test
    public void everySingleMistypedCharacterIsCaught() {
        String key = RegistrationKey.of("machine-id:abc", "7d4b9a52-1f1e-4a8e-9a53-3c2f1d0c9e11").replace("-", "");
        for (int position = 0; position < key.length(); position++) {
            for (char replacement : RegistrationKey.ALPHABET.toCharArray()) {
                if (replacement == key.charAt(position)) {
                    continue;
                }
                String typo = key.substring(0, position) + replacement + key.substring(position + 1);
                IllegalArgumentException refused = assertThrows(typo, IllegalArgumentException.class,
                        () -> RegistrationKey.normalise(typo));
                assertTrue(refused.getMessage(), refused.getMessage().contains("wrong check character"));
            }
        }
    }

    @Test
    public void malformedKeysAreRefusedWithTheProblem() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> RegistrationKey.normalise("ABCD-EFGH"));
        assertEquals("The registration key 'ABCD-EFGH' has 8 characters without dashes; a key has 16",
                length.getMessage());
        IllegalArgumentException character = assertThrows(IllegalArgumentException.class,
                () -> RegistrationKey.normalise("ABCD-EFGH-JKMN-PQRU"));
        assertEquals("The registration key 'ABCD-EFGH-JKMN-PQRU' has the character 'U' at position 19, which no key"
                + " contains", character.getMessage());
    }

    @Test
    public void installationIdIsMadeOnceAndKeptInTheDataDirectory() throws Exception {
        Path home = temporary.newFolder("home").toPath();
        String id = InstallationIdentity.installationId(home);
        assertEquals(id, InstallationIdentity.installationId(home));
        assertEquals(id, Files.readString(home.resolve(InstallationIdentity.INSTALLATION_ID_FILE)).strip());
        Path otherHome = temporary.newFolder("other").toPath();
        assertNotEquals(id, InstallationIdentity.installationId(otherHome));
    }

    @Test
    public void aDamagedInstallationIdIsNamed() throws Exception {
        Path home = temporary.newFolder("home").toPath();
        Files.writeString(home.resolve(InstallationIdentity.INSTALLATION_ID_FILE), "not-a-uuid\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> InstallationIdentity.installationId(home));
        assertTrue(refused.getMessage(), refused.getMessage().contains("not-a-uuid"));
    }

    @Test
    public void hostFingerprintIsStable() {
        String fingerprint = InstallationIdentity.hostFingerprint();
        assertTrue(fingerprint, fingerprint.startsWith("machine-id:") || fingerprint.startsWith("host:"));
        assertEquals(fingerprint, InstallationIdentity.hostFingerprint());
    }
}
