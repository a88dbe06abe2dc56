package org.rayport.itests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The distribution started the way an administrator starts it: {@code bin/karaf server} with RAYPORT_HOME and the
 * ports in the environment. Each server gets its own data directory and free ports.
 */
final class RayportServer implements AutoCloseable {

    private static Path unpacked;

    final Path home;
    final int httpPort = FreePorts.next();
    final int sshPort = FreePorts.next();
    /** The port of the default pool, so that servers side by side do not compete for 11112. */
    final int dicomPort = FreePorts.next();
    private Process process;

    RayportServer(Path home) {
        this.home = home;
    }

    /** The distribution, unpacked once per test run, with Maven resolution cut off so that it must boot offline. */
    static synchronized Path distribution() throws IOException, InterruptedException {
        if (unpacked != null) {
            return unpacked;
        }
        Path target = Path.of("target", "dist-it").toAbsolutePath();
        deleteRecursively(target);
        Files.createDirectories(target);
        Process tar = new ProcessBuilder("tar", "xzf", System.getProperty("rayport.distribution"), "-C", target.toString())
                .inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IOException("Could not unpack the distribution");
        }
        try (var entries = Files.list(target)) {
            unpacked = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path emptyRepository = Files.createDirectories(target.resolve("empty-m2"));
        Files.writeString(unpacked.resolve("etc/org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "# Written by the offline test: only the distribution's own system/ folder may serve artifacts.",
                "org.ops4j.pax.url.mvn.localRepository = " + emptyRepository,
                "org.ops4j.pax.url.mvn.repositories =",
                "org.ops4j.pax.url.mvn.defaultRepositories = file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots",
                "org.ops4j.pax.url.mvn.offline = true",
                ""));
        return unpacked;
    }

    Api api() {
        return new Api(httpPort);
    }

    RayportServer start() throws IOException, InterruptedException {
        Path distribution = distribution();
        ProcessBuilder builder = new ProcessBuilder(distribution.resolve("bin/karaf").toString(), "server")
                .directory(distribution.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
        Map<String, String> env = builder.environment();
        env.put("RAYPORT_HOME", home.toString());
        env.put("RAYPORT_HTTP_PORT", Integer.toString(httpPort));
        env.put("RAYPORT_SSH_PORT", Integer.toString(sshPort));
        env.put("RAYPORT_SSH_HOST", "127.0.0.1");
        env.put("RAYPORT_DICOM_PORT", Integer.toString(dicomPort));
        env.put("RAYPORT_HEAP", "384m");
        env.remove("RAYPORT_ADMIN_PASSWORD");
        Files.createDirectories(home);
        process = builder.start();
        try {
            api().awaitHealthy(Duration.ofSeconds(150));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + tail(home.resolve("log/karaf.log")), e);
        }
        return this;
    }

    /** Stops like a service manager does: SIGTERM to the JVM, which lets Karaf stop every bundle cleanly. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        // bin/karaf runs the JVM as its child: wait for every process, or the next start meets the old lock.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
                handle.onExit().join();
            }
        }
        process = null;
    }

    /** Ends the server as a power cut or the OOM killer does: SIGKILL, no shutdown hooks, nothing flushed. */
    void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(handle -> handle.onExit().join());
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static String tail(Path file) {
        try {
            var lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
