package org.rayport.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ops4j.pax.exam.Option;

/**
 * Licences from the vendor's issuer tool, signed with a key pair made for the test run: the tests that need a
 * licence trust that key through the server's additional-key property, never the production key.
 */
final class TestLicences {

    private static final String ISSUER = "rayport.itest.license.issuer";
    private static final String PRIVATE_KEY = "rayport.itest.license.private-key";
    private static final String PUBLIC_KEY = "rayport.itest.license.public-key";

    private TestLicences() {
    }

    record Issued(int exitCode, String output) {
    }

    /**
     * Runs in the test driver: makes the key pair with the issuer, and returns the options that make the server trust
     * its public key and tell the probe where the issuer and the keys are.
     */
    static List<Option> trustedTestKey() throws IOException {
        String issuer = System.getProperty("rayport.license.issuer");
        if (issuer == null || !new File(issuer).isFile()) {
            throw new AssertionError("The licence issuer jar is not built: " + issuer);
        }
        Path keys = Files.createTempDirectory("rayport-itest-license-keys-");
        Path privateKey = keys.resolve("test-private.pem");
        Path publicKey = keys.resolve("test-public.pem");
        Issued keygen = run(issuer, "keygen", "--private", privateKey.toString(), "--public", publicKey.toString());
        if (keygen.exitCode() != 0) {
            throw new AssertionError("keygen failed: " + keygen.output());
        }
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("rayport.licensing.additional-public-key").value(publicKey.toString()));
        options.add(systemProperty(ISSUER).value(issuer));
        options.add(systemProperty(PRIVATE_KEY).value(privateKey.toString()));
        options.add(systemProperty(PUBLIC_KEY).value(publicKey.toString()));
        return options;
    }

    /** Runs in the probe: a licence file signed with the test key, valid from yesterday until {@code notAfter}. */
    static Path issue(Path directory, String registrationKey, Instant notAfter, String modules, int maxDevices)
            throws IOException {
        Path file = Files.createTempFile(directory, "issued-", ".license");
        Files.delete(file);
        Issued issued = run(System.getProperty(ISSUER), "issue",
                "--key", System.getProperty(PRIVATE_KEY), "--public-key", System.getProperty(PUBLIC_KEY),
                "--registration-key", registrationKey, "--licensee", "Itest Klinikum",
                "--not-before", Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "--not-after", notAfter.truncatedTo(ChronoUnit.SECONDS).toString(),
                "--modules", modules, "--max-devices", Integer.toString(maxDevices), "--out", file.toString());
        assertEquals(issued.output(), 0, issued.exitCode());
        return file;
    }

    static Issued run(String jar, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("The issuer did not finish: " + command);
            }
            return new Issued(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
