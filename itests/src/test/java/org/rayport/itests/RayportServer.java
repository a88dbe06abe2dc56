package org.rayport.itests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

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
            throw new AssertionError(e.getMessage() + "\n" + keepEvidenceOfFailedStart(), e);
        }
        return this;
    }

    /**
     * A start that never became ready is rare and not reproducible at will, and the test's temporary folder goes
     * with the test: copy the server's log and a thread dump of its JVM to target/failed-starts, and put what CI
     * keeps (the build output) in the message: every warning and error of the log, its end, and the Rayport threads.
     */
    private String keepEvidenceOfFailedStart() {
        StringBuilder evidence = new StringBuilder();
        Path log = home.resolve("log/karaf.log");
        try {
            Path kept = Files.createDirectories(Path.of("target", "failed-starts",
                    home.getFileName() + "-" + System.currentTimeMillis()).toAbsolutePath());
            for (Path file : List.of(log, home.resolve("console.out"))) {
                if (Files.exists(file)) {
                    Files.copy(file, kept.resolve(file.getFileName()));
                }
            }
            String threads = threadDump();
            Files.writeString(kept.resolve("threads.txt"), threads);
            evidence.append("Server log and thread dump kept in ").append(kept).append('\n');
            evidence.append("Warnings and errors of the log:\n").append(grep(log, " WARN | ERROR ", 80)).append('\n');
            evidence.append("End of the log:\n").append(tail(log)).append('\n');
            evidence.append("Rayport and whiteboard threads:\n").append(threadsOfInterest(threads));
        } catch (IOException | RuntimeException e) {
            evidence.append("(evidence not kept: ").append(e).append(")\n").append(tail(log));
        }
        return evidence.toString();
    }

    private String threadDump() {
        if (process == null) {
            return "(no process)";
        }
        Optional<ProcessHandle> jvm = process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)).findFirst();
        if (jvm.isEmpty()) {
            return "(the server JVM is not running)";
        }
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(jvm.get().pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException e) {
            return "(jcmd failed: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** Threads whose stacks mention Rayport, CXF, the whiteboard or SCR: where a stuck start would sit. */
    static String threadsOfInterest(String dump) {
        StringBuilder out = new StringBuilder();
        for (String thread : dump.split("\n\n")) {
            if (thread.contains("org.rayport") || thread.contains("org.apache.aries.jax") || thread.contains("felix.scr")
                    || thread.contains("org.apache.cxf") || thread.contains("FelixStartLevel")) {
                String[] lines = thread.split("\n");
                out.append(String.join("\n", Arrays.asList(lines).subList(0, Math.min(lines.length, 25)))).append("\n\n");
            }
        }
        return out.length() == 0 ? "(none)" : out.toString();
    }

    static String grep(Path file, String regex, int max) {
        try (var lines = Files.lines(file)) {
            Pattern pattern = Pattern.compile(regex);
            List<String> hits = lines.filter(l -> pattern.matcher(l).find()).toList();
            return String.join("\n", hits.subList(Math.max(0, hits.size() - max), hits.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no " + file + ")";
        }
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
