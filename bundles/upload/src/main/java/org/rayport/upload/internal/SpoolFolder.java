package org.rayport.upload.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folder where uploaded parts wait, in plain text, until they are stored (encrypted) or refused: below the
 * server's own data folder ({@code RAYPORT_HOME/tmp/uploads}), never the system's shared temp folder, readable by
 * the server's user only (folder 0700, files 0600). A part lives here for the duration of one request; what a crash
 * left behind is deleted when the folder is opened again.
 */
final class SpoolFolder {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path folder;

    private SpoolFolder(Path folder) {
        this.folder = folder;
    }

    /** Creates (or empties) the folder and makes it private. */
    static SpoolFolder open(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (POSIX) {
            Files.setPosixFilePermissions(folder, OWNER_ONLY_FOLDER);
        }
        SpoolFolder spool = new SpoolFolder(folder);
        spool.deleteLeftovers();
        return spool;
    }

    Path folder() {
        return folder;
    }

    /** A new empty file, readable by the owner only from its creation on. */
    Path newFile(String suffix) throws IOException {
        FileAttribute<?>[] attributes = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        return Files.createTempFile(folder, "part-", suffix, attributes);
    }

    /** The files now waiting here (for tests and diagnostics). */
    List<Path> files() throws IOException {
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.toList();
        }
    }

    private void deleteLeftovers() throws IOException {
        for (Path left : files()) {
            Files.deleteIfExists(left);
        }
    }
}
