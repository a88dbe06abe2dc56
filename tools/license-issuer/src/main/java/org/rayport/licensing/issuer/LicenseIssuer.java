package org.rayport.licensing.issuer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.rayport.licensing.License;
import org.rayport.licensing.LicenseException;
import org.rayport.licensing.LicenseStatus;
import org.rayport.licensing.LicensedModule;
import org.rayport.licensing.internal.LicenseCodec;
import org.rayport.licensing.internal.Pem;
import org.rayport.licensing.internal.RegistrationKey;
import org.rayport.licensing.internal.TrustedKeys;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The vendor's tool: {@code keygen} makes the Ed25519 key pair, {@code issue} writes a signed licence for a customer's
 * registration key, {@code show} prints a licence and checks its signature. Exit codes: 0 done, 1 a licence refused
 * by {@code show}, 2 wrong usage or input.
 */
@Command(name = "license-issuer", mixinStandardHelpOptions = true, version = "Rayport licence issuer",
        description = "Issues Rayport licences.",
        subcommands = {LicenseIssuer.Keygen.class, LicenseIssuer.Issue.class, LicenseIssuer.Show.class})
public final class LicenseIssuer {

    static final int REFUSED = 1;
    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new LicenseIssuer());
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("license-issuer: " + e.getMessage());
            return e instanceof LicenseException ? REFUSED : USAGE;
        });
        return commandLine.execute(args);
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Makes a new Ed25519 key pair. Keep the private key off the repository and off the servers;"
                    + " the public key goes into the server (see docs/licensing.md).")
    static final class Keygen implements Callable<Integer> {

        @Option(names = "--private", required = true, description = "Where to write the private key (PEM, PKCS #8)")
        Path privateFile;

        @Option(names = "--public", required = true, description = "Where to write the public key (PEM, X.509)")
        Path publicFile;

        @Override
        public Integer call() throws IOException, NoSuchAlgorithmException {
            for (Path file : List.of(privateFile, publicFile)) {
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file + " exists; a key is never overwritten");
                }
            }
            KeyPair pair = KeyPairGenerator.getInstance(Pem.ALGORITHM).generateKeyPair();
            Path parent = privateFile.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path created;
            try {
                created = Files.createFile(privateFile,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                created = Files.createFile(privateFile);
            }
            Files.writeString(created, Pem.privateKey(pair.getPrivate()), StandardCharsets.US_ASCII);
            Files.writeString(publicFile, Pem.publicKey(pair.getPublic()), StandardCharsets.US_ASCII);
            System.out.println("Key " + TrustedKeys.keyId(pair.getPublic()) + ": private key in " + privateFile
                    + ", public key in " + publicFile);
            return 0;
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Writes a signed licence file for a registration key.")
    static final class Issue implements Callable<Integer> {

        @Option(names = "--key", required = true, description = "The private key (PEM) to sign with")
        Path keyFile;

        @Option(names = "--public-key", required = true,
                description = "Its public key (PEM): names the key in the licence, and the tool checks that the new"
                        + " licence verifies with it")
        Path publicKeyFile;

        @Option(names = "--registration-key", required = true,
                description = "The customer's registration key, e.g. 7K3M-Q9ZT-4WXH-2NB6 (dashes and case do not matter)")
        String registrationKey;

        @Option(names = "--licensee", required = true, description = "Who the licence is for, as it is shown")
        String licensee;

        @Option(names = "--not-before", description = "First day (UTC) or instant of validity; today when left out")
        String notBefore;

        @Option(names = "--not-after", required = true,
                description = "Last day (UTC, valid through its end) or the instant the licence ends, e.g. 2026-12-31"
                        + " or 2026-12-31T12:00:00Z")
        String notAfter;

        @Option(names = "--modules", split = ",",
                description = "Licensed modules, separated by commas: ${COMPLETION-CANDIDATES} (or names of later ones)",
                completionCandidates = KnownModules.class)
        List<String> modules = List.of();

        @Option(names = "--max-devices", required = true, description = "How many devices may be active at once")
        int maxDevices;

        @Option(names = "--id", description = "The licence number; a random UUID when left out")
        String id;

        @Option(names = "--out", required = true, description = "Where to write the licence file")
        Path out;

        @Override
        public Integer call() throws IOException {
            PrivateKey privateKey = Pem.readPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII),
                    keyFile.toString());
            PublicKey publicKey = Pem.readPublicKey(Files.readString(publicKeyFile, StandardCharsets.US_ASCII),
                    publicKeyFile.toString());
            Instant from = notBefore == null ? LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : instant(notBefore, "--not-before", false);
            Instant until = instant(notAfter, "--not-after", true);
            if (!until.isAfter(from)) {
                throw new IllegalArgumentException("--not-after " + notAfter + " is not after --not-before " + from);
            }
            if (maxDevices < 0) {
                throw new IllegalArgumentException("--max-devices must not be negative");
            }
            Set<String> moduleNames = new LinkedHashSet<>();
            for (String module : modules) {
                if (!module.isBlank()) {
                    moduleNames.add(module.strip());
                }
            }
            License license = new License(id == null ? UUID.randomUUID().toString() : id, licensee.strip(),
                    RegistrationKey.normalise(registrationKey), from, until, moduleNames, maxDevices,
                    Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), TrustedKeys.keyId(publicKey));
            byte[] file = LicenseCodec.write(license, privateKey);
            try {
                LicenseCodec.read(file, TrustedKeys.of(publicKey));
            } catch (LicenseException e) {
                throw new IllegalArgumentException(keyFile + " and " + publicKeyFile + " are not one key pair: "
                        + e.getMessage());
            }
            Files.write(out, file);
            System.out.println("Licence " + license.id() + " for " + license.licensee() + " (" + license.registrationKey()
                    + ") written to " + out);
            return 0;
        }

        /** A day counts from its start (not-before) or through its end (not-after), in UTC. */
        private static Instant instant(String text, String option, boolean endOfDay) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    LocalDate day = LocalDate.parse(text);
                    return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(option + " '" + text + "' is neither a day (2026-12-31) nor an"
                            + " instant (2026-12-31T12:00:00Z)");
                }
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints a licence file; with --public-key checks its signature (exit code 1 when refused).")
    static final class Show implements Callable<Integer> {

        @Option(names = "--public-key", description = "The public key (PEM) it must be signed with")
        Path publicKeyFile;

        @Parameters(index = "0", description = "The licence file")
        Path file;

        @Override
        public Integer call() throws IOException {
            byte[] content = Files.readAllBytes(file);
            if (publicKeyFile == null) {
                System.out.print(new String(content, StandardCharsets.UTF_8));
                System.out.println("(signature not checked: give --public-key)");
                return 0;
            }
            PublicKey key = Pem.readPublicKey(Files.readString(publicKeyFile, StandardCharsets.US_ASCII),
                    publicKeyFile.toString());
            License license = LicenseCodec.read(content, TrustedKeys.of(key));
            System.out.println("Signature valid (key " + license.keyId() + ")");
            System.out.println("Licence:          " + license.id());
            System.out.println("Licensee:         " + license.licensee());
            System.out.println("Registration key: " + license.registrationKey());
            System.out.println("Valid:            " + LicenseStatus.formatInstant(license.notBefore()) + " to "
                    + LicenseStatus.formatInstant(license.notAfter()));
            System.out.println("Modules:          " + String.join(", ", license.modules()));
            System.out.println("Max. devices:     " + license.maxDevices());
            return 0;
        }
    }

    static final class KnownModules implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return LicensedModule.KNOWN.iterator();
        }
    }
}
