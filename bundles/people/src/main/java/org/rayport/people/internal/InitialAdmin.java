package org.rayport.people.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrator of a new server. No password is built in: it comes from RAYPORT_ADMIN_PASSWORD at the first
 * start, or is generated and written to a file only the server's owner can read. Either way it must be changed at
 * the first login.
 */
final class InitialAdmin {

    static final String PASSWORD_ENV = "RAYPORT_ADMIN_PASSWORD";
    static final String PASSWORD_FILE = "initial-admin-password";

    private static final Logger LOG = LoggerFactory.getLogger(InitialAdmin.class);
    private static final int GENERATED_LENGTH = 20;

    private final Predicate<String> createIfNobodyExists;

    /** @param createIfNobodyExists creates the admin with the given password when the server has no user yet */
    InitialAdmin(Predicate<String> createIfNobodyExists) {
        this.createIfNobodyExists = createIfNobodyExists;
    }

    void ensure(Path passwordFile, String passwordFromEnvironment) {
        if (passwordFromEnvironment != null && !passwordFromEnvironment.isEmpty()
                && passwordFromEnvironment.length() < PeopleRules.MIN_PASSWORD) {
            LOG.error("{} is shorter than {} characters and is ignored",
                    PASSWORD_ENV, PeopleRules.MIN_PASSWORD);
        } else if (passwordFromEnvironment != null && !passwordFromEnvironment.isEmpty()) {
            if (createIfNobodyExists.test(passwordFromEnvironment)) {
                LOG.info("Created the administrator 'admin' with the password from {};"
                        + " it must be changed at the first login", PASSWORD_ENV);
            }
            return;
        }
        String password = GeneratedPasswords.of(GENERATED_LENGTH);
        // Written before the account exists, so that a full disk cannot leave an admin nobody knows the password of.
        Path pending = passwordFile.resolveSibling(passwordFile.getFileName() + ".new");
        writeOwnerOnly(pending, password);
        try {
            if (createIfNobodyExists.test(password)) {
                Files.move(pending, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                LOG.warn("Created the administrator 'admin'. Its initial password is in {} (readable by the owner only);"
                        + " it must be changed at the first login", passwordFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move the initial administrator password to " + passwordFile, e);
        } finally {
            deleteQuietly(pending);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", file, e.getMessage());
        }
    }

    private static void writeOwnerOnly(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                Files.createFile(file);
            }
            Files.writeString(file, password + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the initial administrator password to " + file, e);
        }
    }
}
