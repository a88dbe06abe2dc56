package org.rayport.pools.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.rayport.dicom.codec.capture.ImageToDicom;
import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.DicomParseException;
import org.rayport.pseudonymization.Pseudonymizer;
import org.rayport.store.InstanceStore;
import org.rayport.store.InvalidInstanceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the files of one folder into a pool, one scan at a time.
 *
 * <ul>
 * <li>A file is imported once its size and modification time are the same in two scans in a row: a file still
 * being copied is not taken half-way.</li>
 * <li>What was imported is remembered by path, size and modification time in a state file (outside the folder,
 * which may be a read-only share), so that a restart imports nothing twice; a file that changes is imported
 * again.</li>
 * <li>A file that is no kind a folder pool takes, or that is broken, is logged and skipped once, and remembered
 * until it changes.</li>
 * <li>The files directly in one folder are one study; its patient and study attributes come from the nearest
 * {@value #SIDECAR} in that folder or above, or else the pool's name and id (see docs/pools.md).</li>
 * </ul>
 */
final class FolderImporter {

    static final String SIDECAR = "rayport.properties";
    static final String IMPORTED = "imported";
    private static final Logger LOG = LoggerFactory.getLogger(FolderImporter.class);
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    /** Sidecar keys, each the keyword of the attribute it sets. */
    private static final List<String> SIDECAR_KEYS = List.of("PatientName", "PatientID", "PatientBirthDate",
            "PatientSex", "StudyDescription", "StudyDate", "AccessionNumber", "ReferringPhysicianName", "StudyID");

    /** What one scan did. */
    record Scan(List<Path> imported, List<Path> waiting, List<String> skipped, List<String> failed) {
    }

    /** A file as last seen: its size and modification time. */
    private record Seen(long size, long modified) {
    }

    private final String poolId;
    private final String poolName;
    private final Path root;
    private final boolean moveImported;
    private final InstanceStore store;
    private final Path stateFile;
    /** Where a converted file is written before the store takes it. */
    private final Path converted;
    /** Null: files are stored as they are. */
    private final Pseudonymizer pseudonymizer;
    /** Where a pseudonymized copy is written before the store takes it. */
    private final Path pseudonymized;
    private final Map<Path, Seen> imported = new HashMap<>();
    private final Map<Path, Seen> skipped = new HashMap<>();
    private final Map<Path, Seen> lastScan = new HashMap<>();

    /**
     * @param stateFile where imported files are remembered; read now, appended to on each import
     */
    FolderImporter(String poolId, String poolName, Path root, boolean moveImported, InstanceStore store,
                   Path stateFile) throws IOException {
        this(poolId, poolName, root, moveImported, store, stateFile, null);
    }

    /** @param pseudonymizer null: stored as they are; else every file is pseudonymized before the store sees it */
    FolderImporter(String poolId, String poolName, Path root, boolean moveImported, InstanceStore store,
                   Path stateFile, Pseudonymizer pseudonymizer) throws IOException {
        this.pseudonymizer = pseudonymizer;
        this.poolId = poolId;
        this.poolName = poolName;
        this.root = root.toAbsolutePath().normalize();
        this.moveImported = moveImported;
        this.store = store;
        this.stateFile = stateFile;
        this.converted = Files.createDirectories(stateFile.getParent()).resolve(poolId + ".converting.dcm");
        this.pseudonymized = stateFile.getParent().resolve(poolId + ".pseudonymizing.dcm");
        readState();
    }

    Path root() {
        return root;
    }

    private void readState() throws IOException {
        if (!Files.exists(stateFile)) {
            return;
        }
        for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t");
            if (fields.length == 3) {
                try {
                    imported.put(Path.of(fields[0]), new Seen(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
                } catch (RuntimeException unreadable) {
                    LOG.warn("Pool {}: ignoring line '{}' of {}", poolId, line, stateFile);
                }
            }
        }
    }

    private void remember(Path relative, Seen seen) throws IOException {
        imported.put(relative, seen);
        Files.writeString(stateFile, relative + "\t" + seen.size() + "\t" + seen.modified() + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Looks at every file once; imports those that are complete and new or changed. */
    synchronized Scan scan() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("The folder " + root + " does not exist or is not a directory");
        }
        Map<Path, Seen> now = listFiles();
        List<Path> done = new ArrayList<>();
        List<Path> waiting = new ArrayList<>();
        List<String> skippedNow = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<Path, Seen> entry : now.entrySet()) {
            Path relative = entry.getKey();
            Seen seen = entry.getValue();
            if (seen.equals(imported.get(relative)) || seen.equals(skipped.get(relative))) {
                continue;
            }
            if (!seen.equals(lastScan.get(relative))) {
                waiting.add(relative);
                continue;
            }
            Path file = root.resolve(relative);
            try {
                Optional<ImageToDicom.Kind> kind = ImageToDicom.detect(file);
                if (kind.isEmpty()) {
                    skip(relative, seen, "neither DICOM, PDF nor an image a folder pool converts", skippedNow);
                    continue;
                }
                importFile(file, relative, kind.get(), seen);
                remember(relative, seen);
                done.add(relative);
                if (moveImported) {
                    Path target = root.resolve(IMPORTED).resolve(relative);
                    Files.createDirectories(target.getParent());
                    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (InvalidInstanceException | UnusableFile unusable) {
                skip(relative, seen, unusable.getMessage(), skippedNow);
            } catch (IOException storeFailed) {
                // Not the file's fault (a full disk, the store stopping): the next scan tries again.
                failed.add(relative + ": " + storeFailed.getMessage());
                LOG.error("Pool {}: importing {} failed: {}", poolId, file, storeFailed.getMessage());
            }
        }
        lastScan.clear();
        lastScan.putAll(now);
        skipped.keySet().retainAll(now.keySet());
        return new Scan(done, waiting, skippedNow, failed);
    }

    private void skip(Path relative, Seen seen, String why, List<String> skippedNow) {
        skipped.put(relative, seen);
        skippedNow.add(relative + ": " + why);
        LOG.warn("Pool {}: skipping {}: {} (skipped until it changes)", poolId, root.resolve(relative), why);
    }

    /** A file that cannot be converted: skipped, not retried until it changes. */
    private static final class UnusableFile extends IOException {
        private static final long serialVersionUID = 1L;

        UnusableFile(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void importFile(Path file, Path relative, ImageToDicom.Kind kind, Seen seen) throws IOException {
        if (kind == ImageToDicom.Kind.DICOM) {
            storeFile(file);
            return;
        }
        Path folder = relative.getParent() == null ? Path.of("") : relative.getParent();
        int instanceNumber = 1 + (int) imported.keySet().stream()
                .filter(p -> folder.equals(p.getParent() == null ? Path.of("") : p.getParent())).count();
        Attributes context = context(file, folder, kind, relative, seen, instanceNumber);
        try {
            try {
                ImageToDicom.convert(file, kind, context, instanceNumber, converted);
            } catch (IOException | RuntimeException unreadable) {
                throw new UnusableFile(unreadable.getMessage(), unreadable);
            }
            storeFile(converted);
        } finally {
            Files.deleteIfExists(converted);
        }
    }

    private void storeFile(Path part10File) throws IOException {
        if (pseudonymizer == null) {
            store.importFile(poolId, part10File);
            return;
        }
        try {
            try {
                pseudonymizer.pseudonymizeFile(poolId, part10File, pseudonymized);
            } catch (DicomParseException broken) {
                throw new UnusableFile(broken.getMessage(), broken);
            }
            store.importFile(poolId, pseudonymized);
        } finally {
            Files.deleteIfExists(pseudonymized);
        }
    }

    /**
     * Patient, study and series of a converted file. The UIDs are derived from the pool, the folder and the file
     * (path, size, time), so that importing the same file again replaces its instance rather than adding one.
     */
    private Attributes context(Path file, Path folder, ImageToDicom.Kind kind, Path relative, Seen seen,
                               int instanceNumber) throws IOException {
        Properties sidecar = sidecar(file.getParent());
        String studyKey = "rayport-folder:" + poolId + ":" + folder;
        boolean document = kind == ImageToDicom.Kind.PDF;
        LocalDateTime modified = LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(seen.modified()),
                ZoneId.systemDefault());
        Attributes.Builder context = Attributes.builder()
                .setString(Tags.SPECIFIC_CHARACTER_SET, Vr.CS, "ISO_IR 192")
                .setString(Tags.PATIENT_NAME, Vr.PN, sidecar.getProperty("PatientName", poolName))
                .setString(Tags.PATIENT_ID, Vr.LO, sidecar.getProperty("PatientID", poolId))
                .setString(Tags.PATIENT_BIRTH_DATE, Vr.DA, sidecar.getProperty("PatientBirthDate", ""))
                .setString(Tags.PATIENT_SEX, Vr.CS, sidecar.getProperty("PatientSex", ""))
                .setString(Tags.STUDY_INSTANCE_UID, Vr.UI, ImageToDicom.uidFor(studyKey))
                .setString(Tags.STUDY_DATE, Vr.DA, sidecar.getProperty("StudyDate", modified.format(DA)))
                .setString(Tags.STUDY_TIME, Vr.TM, "")
                .setString(Tag.named("StudyDescription"), Vr.LO, sidecar.getProperty("StudyDescription",
                        folder.toString().isEmpty() ? poolName : folder.toString()))
                .setString(Tags.ACCESSION_NUMBER, Vr.SH, sidecar.getProperty("AccessionNumber", ""))
                .setString(Tag.named("ReferringPhysicianName"), Vr.PN, sidecar.getProperty("ReferringPhysicianName",
                        ""))
                .setString(Tags.STUDY_ID, Vr.SH, sidecar.getProperty("StudyID", ""))
                .setString(Tags.SERIES_INSTANCE_UID, Vr.UI, ImageToDicom.uidFor(studyKey + (document ? ":DOC" : ":OT")))
                .setInt(Tags.SERIES_NUMBER, Vr.IS, document ? 2 : 1)
                .setString(Tag.named("SeriesDescription"), Vr.LO, document ? "Documents" : "Images")
                .setString(Tags.SOP_INSTANCE_UID, Vr.UI, ImageToDicom.uidFor(studyKey + ":" + relative + ":"
                        + seen.size() + ":" + seen.modified()));
        return context.build();
    }

    /** The nearest sidecar from the file's folder up to the pool's folder; keys of nearer ones win. */
    private Properties sidecar(Path folder) throws IOException {
        List<Path> chain = new ArrayList<>();
        for (Path dir = folder; dir != null && dir.startsWith(root); dir = dir.getParent()) {
            chain.add(0, dir.resolve(SIDECAR));
        }
        Properties merged = new Properties();
        for (Path candidate : chain) {
            if (Files.isRegularFile(candidate)) {
                Properties one = new Properties();
                try (Reader reader = Files.newBufferedReader(candidate, StandardCharsets.UTF_8)) {
                    one.load(reader);
                }
                for (String key : one.stringPropertyNames()) {
                    if (!SIDECAR_KEYS.contains(key)) {
                        LOG.warn("Pool {}: {} has unknown key '{}'; known: {}", poolId, candidate, key, SIDECAR_KEYS);
                    }
                    merged.setProperty(key, one.getProperty(key).strip());
                }
            }
        }
        return merged;
    }

    /** Regular files under the folder, except hidden ones, sidecars and what was moved to {@value #IMPORTED}. */
    private Map<Path, Seen> listFiles() throws IOException {
        Map<Path, Seen> files = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                boolean hidden = !dir.equals(root) && dir.getFileName().toString().startsWith(".");
                return hidden || dir.equals(root.resolve(IMPORTED)) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                if (attributes.isRegularFile() && !name.startsWith(".") && !name.equals(SIDECAR)) {
                    files.put(root.relativize(file), new Seen(attributes.size(),
                            attributes.lastModifiedTime().toMillis()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failed) {
                // A file removed while the scan runs, or unreadable: the next scan sees it again.
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }
}
