package org.rayport.people.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The environment's password can only be given here: a test cannot set RAYPORT_ADMIN_PASSWORD for the service. The
 * generated case runs against the real service in {@link JpaPeopleServiceTest}.
 */
public class InitialAdminTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final List<String> offered = new ArrayList<>();

    private Path passwordFile() {
        return temp.getRoot().toPath().resolve("home").resolve(InitialAdmin.PASSWORD_FILE);
    }

    private Path pendingFile() {
        return passwordFile().resolveSibling(InitialAdmin.PASSWORD_FILE + ".new");
    }

    @Test
    public void passwordFromTheEnvironmentCreatesTheAdminWithoutAFile() {
        new InitialAdmin(offered::add).ensure(passwordFile(), "from the environment");

        assertEquals(List.of("from the environment"), offered);
        assertFalse(Files.exists(passwordFile()));
        assertFalse(Files.exists(pendingFile()));
    }

    @Test
    public void aGeneratedPasswordIsWrittenForTheOwnerOnly() throws IOException {
        new InitialAdmin(offered::add).ensure(passwordFile(), "");

        assertEquals(1, offered.size());
        assertEquals(offered.get(0), Files.readString(passwordFile()).strip());
        if (Files.getFileAttributeView(passwordFile(), PosixFileAttributeView.class) != null) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile())));
        }
        assertFalse(Files.exists(pendingFile()));
    }

    @Test
    public void nothingIsWrittenWhenPeopleExistAlready() throws IOException {
        Files.createDirectories(passwordFile().getParent());
        Files.writeString(passwordFile(), "kept\n");

        new InitialAdmin(password -> {
            offered.add(password);
            return false;
        }).ensure(passwordFile(), null);

        assertEquals("a password was offered", 1, offered.size());
        assertEquals("kept\n", Files.readString(passwordFile()));
        assertFalse(Files.exists(pendingFile()));
        assertTrue(offered.get(0).length() >= 16);
    }
}
