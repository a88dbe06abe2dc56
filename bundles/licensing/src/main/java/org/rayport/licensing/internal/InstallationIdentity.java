package org.rayport.licensing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The two halves of the registration key: which machine (the systemd/D-Bus machine ID, else the host name) and which
 * installation (a random ID made on the first start and kept in the data directory, so that it travels with backups
 * but a fresh data directory on the same machine is a new installation).
 */
public final class InstallationIdentity {

    static final String INSTALLATION_ID_FILE = "installation-id";

    private static final List<Path> MACHINE_ID_FILES = List.of(Path.of("/etc/machine-id"),
            Path.of("/var/lib/dbus/machine-id"));
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private InstallationIdentity() {
    }

    /** {@code machine-id:<id>} from the first machine-ID file that has one, else {@code host:<name>}. */
    public static String hostFingerprint() {
        for (Path file : MACHINE_ID_FILES) {
            try {
                String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!id.isEmpty()) {
                    return "machine-id:" + id;
                }
            } catch (IOException | SecurityException missing) {
                // Containers and other systems often lack one of them; the next one or the host name will do.
            }
        }
        try {
            return "host:" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String host = System.getenv("HOSTNAME");
            return "host:" + (host == null ? "unknown" : host);
        }
    }

    /** The installation's ID from {@code home}, made and stored on the first call. */
    public static String installationId(Path home) {
        Path file = home.resolve(INSTALLATION_ID_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                try {
                    Files.writeString(Files.createFile(file), UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
                } catch (FileAlreadyExistsException anotherWriterWasFirst) {
                    // Its ID is as good as ours.
                }
            }
            String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!UUID_TEXT.matcher(id).matches()) {
                throw new IllegalStateException("The installation ID file " + file + " holds '" + id
                        + "' instead of a UUID; restore it from a backup (a new one means a new registration key)");
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the installation ID " + file, e);
        }
    }
}
