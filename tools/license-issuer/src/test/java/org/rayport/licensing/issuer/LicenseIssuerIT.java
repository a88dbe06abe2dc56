package org.rayport.licensing.issuer;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.licensing.License;
import org.rayport.licensing.LicenseStatus;
import org.rayport.licensing.internal.LicenseCodec;
import org.rayport.licensing.internal.Licensing;
import org.rayport.licensing.internal.Pem;
import org.rayport.licensing.internal.RegistrationKey;
import org.rayport.licensing.internal.TrustedKeys;

/** The built jar, run with {@code java -jar} as the vendor runs it, and its licences read by the server's code. */
public class LicenseIssuerIT {

    private static final String REGISTRATION_KEY =
            RegistrationKey.of("machine-id:customer", "2f8e3a1c-5b7d-4e9f-8a6b-1c2d3e4f5a6b");

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    record Run(int exitCode, String output) {
    }

    private static Run issuer(String... args) throws Exception {
        String jar = System.getProperty("issuer.jar");
        if (jar == null || !new File(jar).isFile()) {
            throw new AssertionError("The issuer jar is not built: " + jar);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The issuer did not finish: " + command);
        }
        return new Run(process.exitValue(), output);
    }

    @Test
    public void keygenIssueAndShowRoundTrip() throws Exception {
        Path dir = temporary.getRoot().toPath();
        Path privateKey = dir.resolve("keys/vendor-private.pem");
        Path publicKey = dir.resolve("keys/vendor-public.pem");
        Run keygen = issuer("keygen", "--private", privateKey.toString(), "--public", publicKey.toString());
        assertEquals(keygen.output(), 0, keygen.exitCode());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)));
        Run again = issuer("keygen", "--private", privateKey.toString(), "--public", publicKey.toString());
        assertEquals(again.output(), 2, again.exitCode());
        assertTrue(again.output(), again.output().contains("is never overwritten"));

        Path licenseFile = dir.resolve("klinikum.license");
        Run issue = issuer("issue", "--key", privateKey.toString(), "--public-key", publicKey.toString(),
                "--registration-key", REGISTRATION_KEY.toLowerCase().replace("-", ""),
                "--licensee", "Klinikum Nord", "--not-before", "2026-01-01", "--not-after", "2026-12-31",
                "--modules", "gateway,veocore", "--max-devices", "12", "--id", "KN-2026-1", "--out",
                licenseFile.toString());
        assertEquals(issue.output(), 0, issue.exitCode());

        License license = LicenseCodec.read(Files.readAllBytes(licenseFile),
                TrustedKeys.of(Pem.readPublicKey(Files.readString(publicKey), "public key")));
        assertEquals("KN-2026-1", license.id());
        assertEquals("Klinikum Nord", license.licensee());
        assertEquals(REGISTRATION_KEY, license.registrationKey());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), license.notBefore());
        assertEquals("valid through the last day", Instant.parse("2027-01-01T00:00:00Z"), license.notAfter());
        assertEquals(Set.of("gateway", "veocore"), license.modules());
        assertEquals(12, license.maxDevices());

        Run show = issuer("show", "--public-key", publicKey.toString(), licenseFile.toString());
        assertEquals(show.output(), 0, show.exitCode());
        assertTrue(show.output(), show.output().contains("Signature valid")
                && show.output().contains("Klinikum Nord") && show.output().contains(REGISTRATION_KEY));

        // The server side accepts it, at a time within its validity, for the installation it names.
        Path home = temporary.newFolder("home").toPath();
        Licensing server = new Licensing(REGISTRATION_KEY,
                TrustedKeys.of(Pem.readPublicKey(Files.readString(publicKey), "public key")), home,
                Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), java.time.ZoneOffset.UTC), new int[] {30},
                new Licensing.Listener() {
                    @Override
                    public void statusChanged(LicenseStatus status) {
                    }

                    @Override
                    public void expiring(LicenseStatus status, int thresholdDays) {
                    }
                });
        server.load();
        assertEquals(Set.of("gateway", "veocore"), server.install(Files.readAllBytes(licenseFile)).activeModules());

        Files.writeString(licenseFile, Files.readString(licenseFile).replace("maxDevices=12", "maxDevices=99"));
        Run tampered = issuer("show", "--public-key", publicKey.toString(), licenseFile.toString());
        assertEquals(tampered.output(), 1, tampered.exitCode());
        assertTrue(tampered.output(), tampered.output().contains("signature does not match"));
    }

    @Test
    public void mistakesInTheInputAreNamed() throws Exception {
        Path dir = temporary.getRoot().toPath();
        Path privateKey = dir.resolve("private.pem");
        Path publicKey = dir.resolve("public.pem");
        assertEquals(0, issuer("keygen", "--private", privateKey.toString(), "--public", publicKey.toString())
                .exitCode());
        String typo = REGISTRATION_KEY.substring(0, 3) + (REGISTRATION_KEY.charAt(3) == 'A' ? 'B' : 'A')
                + REGISTRATION_KEY.substring(4);
        Run wrongKey = issuer("issue", "--key", privateKey.toString(), "--public-key", publicKey.toString(),
                "--registration-key", typo, "--licensee", "X", "--not-after", "2030-01-01", "--max-devices", "1",
                "--out", dir.resolve("x.license").toString());
        assertEquals(wrongKey.output(), 2, wrongKey.exitCode());
        assertTrue(wrongKey.output(), wrongKey.output().contains("wrong check character"));
        assertFalse(Files.exists(dir.resolve("x.license")));

        Run badDate = issuer("issue", "--key", privateKey.toString(), "--public-key", publicKey.toString(),
                "--registration-key", REGISTRATION_KEY, "--licensee", "X", "--not-after", "31.12.2030",
                "--max-devices", "1", "--out", dir.resolve("x.license").toString());
        assertEquals(badDate.output(), 2, badDate.exitCode());
        assertTrue(badDate.output(), badDate.output().contains("--not-after '31.12.2030' is neither a day"));

        Path otherPrivate = dir.resolve("other-private.pem");
        assertEquals(0, issuer("keygen", "--private", otherPrivate.toString(), "--public",
                dir.resolve("other-public.pem").toString()).exitCode());
        Run mismatched = issuer("issue", "--key", otherPrivate.toString(), "--public-key", publicKey.toString(),
                "--registration-key", REGISTRATION_KEY, "--licensee", "X", "--not-after", "2030-01-01",
                "--max-devices", "1", "--out", dir.resolve("x.license").toString());
        assertEquals(mismatched.output(), 2, mismatched.exitCode());
        assertTrue(mismatched.output(), mismatched.output().contains("are not one key pair"));

        Run badModule = issuer("issue", "--key", privateKey.toString(), "--public-key", publicKey.toString(),
                "--registration-key", REGISTRATION_KEY, "--licensee", "X", "--not-after", "2030-01-01",
                "--modules", "Gateway!", "--max-devices", "1", "--out", dir.resolve("x.license").toString());
        assertEquals(badModule.output(), 2, badModule.exitCode());
        assertTrue(badModule.output(), badModule.output().contains("is not a module name"));
    }
}
