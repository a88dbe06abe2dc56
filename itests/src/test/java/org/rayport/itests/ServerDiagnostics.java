package org.rayport.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * Adds what the server was doing to a failed test's message: CI keeps only the build's output, and the server's
 * data directory, its log included, is gone once the class ends. So a failure reports the log's last warnings and
 * errors and the stacks of Rayport's own threads.
 */
final class ServerDiagnostics implements TestRule {

    private static final int LOG_LINES = 40;

    @Override
    public Statement apply(Statement base, Description description) {
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                try {
                    base.evaluate();
                } catch (Throwable failure) {
                    // No cause: the Pax Exam driver reports the innermost cause, which would drop the report.
                    AssertionError explained = new AssertionError(failure + "\n" + report());
                    explained.setStackTrace(failure.getStackTrace());
                    throw explained;
                }
            }
        };
    }

    static String report() {
        return "--- last warnings and errors of the server log ---\n" + logTail()
                + "--- Rayport threads ---\n" + rayportThreads();
    }

    private static String logTail() {
        String directory = System.getProperty("karaf.log");
        if (directory == null) {
            return "(karaf.log is not set)\n";
        }
        Path log = Path.of(directory, "karaf.log");
        try {
            List<String> lines = Files.readAllLines(log).stream()
                    .filter(line -> line.contains("WARN") || line.contains("ERROR") || line.startsWith("\t"))
                    .collect(Collectors.toList());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size())) + "\n";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")\n";
        }
    }

    private static String rayportThreads() {
        StringBuilder threads = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            if (!thread.getKey().getName().startsWith("rayport")) {
                continue;
            }
            threads.append(thread.getKey().getName()).append(" (").append(thread.getKey().getState()).append(")\n");
            StackTraceElement[] frames = thread.getValue();
            for (int i = 0; i < Math.min(frames.length, 25); i++) {
                threads.append("    at ").append(frames[i]).append('\n');
            }
        }
        return threads.length() == 0 ? "(none)\n" : threads.toString();
    }
}
