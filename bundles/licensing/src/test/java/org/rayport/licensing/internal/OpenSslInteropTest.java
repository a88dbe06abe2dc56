package org.rayport.licensing.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.licensing.License;

/**
 * OpenSSL judges the format: its keys work in Rayport, its signatures over a licence written by hand are accepted,
 * and Rayport's signatures and keys verify with it. So the licence format is what docs/licensing.md says, and a
 * vendor can issue licences with OpenSSL alone.
 */
public class OpenSslInteropTest {

    private static final String KEY = RegistrationKey.of("machine-id:openssl", "0b1d8f5e-7a0c-4a53-9f2e-5f3c6d7e8f90");

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @BeforeClass
    public static void opensslIsInstalled() throws Exception {
        Result version = run(List.of("openssl", "version"));
        if (version.exitCode() != 0) {
            throw new AssertionError("openssl is needed for this test (Debian package openssl): " + version.output());
        }
    }

    record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }

    private static void ok(String... command) throws Exception {
        Result result = run(List.of(command));
        assertEquals(String.join(" ", command) + ": " + result.output(), 0, result.exitCode());
    }

    @Test
    public void keysFromOpenSslSignLicencesThatRayportAccepts() throws Exception {
        Path dir = temporary.getRoot().toPath();
        ok("openssl", "genpkey", "-algorithm", "ed25519", "-out", dir.resolve("private.pem").toString());
        ok("openssl", "pkey", "-in", dir.resolve("private.pem").toString(), "-pubout", "-out",
                dir.resolve("public.pem").toString());
        PrivateKey privateKey = Pem.readPrivateKey(Files.readString(dir.resolve("private.pem")), "private.pem");
        PublicKey publicKey = Pem.readPublicKey(Files.readString(dir.resolve("public.pem")), "public.pem");

        byte[] file = LicenseCodec.write(new License("L-7", "Praxis Süd", KEY, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"), Set.of("photo"), 4, Instant.parse("2025-12-01T00:00:00Z"),
                TrustedKeys.keyId(publicKey)), privateKey);
        assertEquals("Praxis Süd", LicenseCodec.read(file, TrustedKeys.of(publicKey)).licensee());

        String text = new String(file, StandardCharsets.UTF_8);
        int signatureLine = text.indexOf("signature=");
        Files.writeString(dir.resolve("signed.txt"), text.substring(0, signatureLine));
        Files.write(dir.resolve("signature.bin"), Base64.getDecoder().decode(
                text.substring(signatureLine + "signature=".length()).strip()));
        ok("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", dir.resolve("public.pem").toString(), "-rawin",
                "-in", dir.resolve("signed.txt").toString(), "-sigfile", dir.resolve("signature.bin").toString());

        Files.writeString(dir.resolve("signed.txt"), text.substring(0, signatureLine).replace("photo", "ldap"));
        Result tampered = run(List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                dir.resolve("public.pem").toString(), "-rawin", "-in", dir.resolve("signed.txt").toString(),
                "-sigfile", dir.resolve("signature.bin").toString()));
        assertNotEquals("OpenSSL refuses the tampered text too: " + tampered.output(), 0, tampered.exitCode());
    }

    @Test
    public void aLicenceWrittenByHandAndSignedByOpenSslIsAccepted() throws Exception {
        Path dir = temporary.getRoot().toPath();
        ok("openssl", "genpkey", "-algorithm", "ed25519", "-out", dir.resolve("private.pem").toString());
        ok("openssl", "pkey", "-in", dir.resolve("private.pem").toString(), "-pubout", "-out",
                dir.resolve("public.pem").toString());
        PublicKey publicKey = Pem.readPublicKey(Files.readString(dir.resolve("public.pem")), "public.pem");
        String signed = String.join("\n", List.of(
                "# written by hand",
                "format=rayport-license-1",
                "id=HAND-1",
                "licensee=Klinik am See",
                "registrationKey=" + KEY.toLowerCase(),
                "notBefore=2026-01-01T00:00:00Z",
                "notAfter=2026-07-01T00:00:00Z",
                "modules=gateway, teleradiology",
                "maxDevices=3",
                "issuedAt=2025-12-24T12:00:00Z",
                "keyId=" + TrustedKeys.keyId(publicKey))) + "\n";
        Files.writeString(dir.resolve("signed.txt"), signed);
        ok("openssl", "pkeyutl", "-sign", "-inkey", dir.resolve("private.pem").toString(), "-rawin",
                "-in", dir.resolve("signed.txt").toString(), "-out", dir.resolve("signature.bin").toString());
        String file = signed + "signature=" + Base64.getEncoder().encodeToString(
                Files.readAllBytes(dir.resolve("signature.bin"))) + "\n";

        License license = LicenseCodec.read(file.getBytes(StandardCharsets.UTF_8), TrustedKeys.of(publicKey));
        assertEquals("Klinik am See", license.licensee());
        assertEquals(KEY, license.registrationKey());
        assertEquals(Set.of("gateway", "teleradiology"), license.modules());
        assertEquals(3, license.maxDevices());
    }

    @Test
    public void rayportsPemFilesAreReadByOpenSsl() throws Exception {
        Path dir = temporary.getRoot().toPath();
        KeyPair pair = TestLicenses.keyPair();
        Files.writeString(dir.resolve("public.pem"), Pem.publicKey(pair.getPublic()));
        Files.writeString(dir.resolve("private.pem"), Pem.privateKey(pair.getPrivate()));
        ok("openssl", "pkey", "-pubin", "-in", dir.resolve("public.pem").toString(), "-noout");
        Result derived = run(new ArrayList<>(List.of("openssl", "pkey", "-in", dir.resolve("private.pem").toString(),
                "-pubout")));
        assertEquals(derived.output(), 0, derived.exitCode());
        assertEquals("OpenSSL derives the same public key from Rayport's private key",
                Pem.publicKey(pair.getPublic()).strip(), derived.output().strip());
    }

    @Test
    public void theBuiltInVendorKeyIsAnEd25519Key() throws Exception {
        TrustedKeys vendor = TrustedKeys.vendor();
        assertEquals(1, vendor.all().size());
        Path pem = temporary.getRoot().toPath().resolve("vendor.pem");
        Files.writeString(pem, Pem.publicKey(vendor.all().values().iterator().next()));
        Result text = run(List.of("openssl", "pkey", "-pubin", "-in", pem.toString(), "-noout", "-text"));
        assertTrue(text.output(), text.output().contains("ED25519 Public-Key"));
    }
}
