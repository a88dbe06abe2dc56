package org.rayport.licensing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

import org.rayport.licensing.License;
import org.rayport.licensing.LicenseException;
import org.rayport.licensing.LicenseException.Reason;
import org.rayport.licensing.LicenseStatus;
import org.rayport.licensing.LicenseStatus.Mode;

/**
 * The licence state of one installation, without OSGi: which licence is installed, whether it is in force now, and
 * when to warn. {@link LicenseManager} wires it to the framework; tests drive it with their own clock.
 * <p>
 * Thread-safe: every change happens under this object's lock, and the listener hears of it under the same lock, so
 * that module services are registered and unregistered in the order the changes happened.
 */
public final class Licensing {

    /** The licence file in the data directory: kept with the data, and so with every backup of it. */
    public static final String LICENSE_FILE = "rayport.license";

    /** What the rest of the server must do when the licence situation changes. */
    public interface Listener {

        /** The status changed in mode, licence or active modules; called once at {@link #load()} as well. */
        void statusChanged(LicenseStatus status);

        /**
         * The licence in force crossed a warning threshold: it ends within {@code thresholdDays} days. Called once
         * per licence and threshold while the server runs (again after a restart).
         */
        void expiring(LicenseStatus status, int thresholdDays);
    }

    private final String registrationKey;
    private final TrustedKeys trusted;
    private final Path licenseFile;
    private final Clock clock;
    private final int[] warningDays;
    private final Listener listener;

    private License installed;
    /** Why the stored file could not be read, or null. */
    private String storedProblem;
    private LicenseStatus status;
    private String warnedLicenseId;
    private int warnedThreshold = Integer.MAX_VALUE;

    /** @param warningDays how many days before the end to warn, e.g. 30, 14, 7, 1 */
    public Licensing(String registrationKey, TrustedKeys trusted, Path home, Clock clock, int[] warningDays,
                     Listener listener) {
        this.registrationKey = Objects.requireNonNull(registrationKey);
        this.trusted = Objects.requireNonNull(trusted);
        this.licenseFile = home.resolve(LICENSE_FILE);
        this.clock = Objects.requireNonNull(clock);
        this.warningDays = Arrays.stream(warningDays).filter(days -> days > 0).sorted().toArray();
        this.listener = Objects.requireNonNull(listener);
    }

    public String registrationKey() {
        return registrationKey;
    }

    public Path licenseFile() {
        return licenseFile;
    }

    /**
     * Reads the stored licence, if any. A stored file that no longer passes (expired, moved to another machine,
     * damaged) leaves the server in evaluation mode with the reason: never a server that does not start.
     */
    public synchronized LicenseStatus load() {
        installed = null;
        storedProblem = null;
        try {
            installed = LicenseCodec.read(Files.readAllBytes(licenseFile), trusted);
        } catch (NoSuchFileException none) {
            // Evaluation mode, the normal state of a new installation.
        } catch (IOException e) {
            storedProblem = "The licence file " + licenseFile + " cannot be read (" + e.getMessage() + ").";
        } catch (LicenseException e) {
            storedProblem = "The stored licence file " + licenseFile + " is not usable: " + e.getMessage() + ".";
        }
        status = null;
        return reevaluate();
    }

    public synchronized LicenseStatus status() {
        return status;
    }

    /**
     * Checks the file completely, then makes it the licence in force and stores it.
     *
     * @throws LicenseException with its own reason for each kind of refusal; nothing changes then
     */
    public synchronized LicenseStatus install(byte[] file) {
        License license = LicenseCodec.read(file, trusted);
        Instant now = clock.instant();
        if (!license.registrationKey().equals(registrationKey)) {
            throw new LicenseException(Reason.OTHER_INSTALLATION, "The licence was issued for registration key "
                    + license.registrationKey() + ", but this installation's key is " + registrationKey
                    + ". Send this key to the vendor for a licence.");
        }
        if (now.isBefore(license.notBefore())) {
            throw new LicenseException(Reason.NOT_YET_VALID, "The licence is valid only from "
                    + LicenseStatus.formatInstant(license.notBefore()) + "; install it then.");
        }
        if (!now.isBefore(license.notAfter())) {
            throw new LicenseException(Reason.EXPIRED, "The licence expired on "
                    + LicenseStatus.formatInstant(license.notAfter()) + ". Ask the vendor for a renewal.");
        }
        store(file);
        installed = license;
        storedProblem = null;
        return reevaluate();
    }

    /** Deletes the stored licence: evaluation mode from now on. */
    public synchronized LicenseStatus remove() {
        try {
            Files.deleteIfExists(licenseFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the licence file " + licenseFile, e);
        }
        installed = null;
        storedProblem = null;
        return reevaluate();
    }

    /** Works the status out for the clock's time: the scheduled checks call this for expiry and warnings. */
    public synchronized LicenseStatus reevaluate() {
        Instant now = clock.instant();
        LicenseStatus next;
        String reason = evaluationReason(now);
        if (reason == null) {
            next = new LicenseStatus(Mode.LICENSED, null, registrationKey, installed, now, null);
            next = new LicenseStatus(Mode.LICENSED, null, registrationKey, installed, now, warning(next));
        } else {
            next = new LicenseStatus(Mode.EVALUATION, reason, registrationKey, installed, now, null);
        }
        LicenseStatus previous = status;
        status = next;
        if (previous == null || previous.mode() != next.mode() || !Objects.equals(previous.license(), next.license())
                || !Objects.equals(previous.reason(), next.reason())) {
            listener.statusChanged(next);
        }
        if (next.licensed()) {
            warnIfThresholdCrossed(next);
        }
        return next;
    }

    /**
     * When the status changes next by itself: the start or end of the installed licence that the last evaluation has
     * not yet crossed, or null. Counted from the last evaluation, not from now: a timer may fire a hair before the end,
     * find the licence still in force, and by the time it asks for the next change the end has passed; that end must
     * still be checked, at once, or the licence would stay in force until the next hourly check.
     */
    public synchronized Instant nextChange() {
        if (installed == null || !installed.registrationKey().equals(registrationKey)) {
            return null;
        }
        Instant evaluatedAt = status == null ? clock.instant() : status.checkedAt();
        if (evaluatedAt.isBefore(installed.notBefore())) {
            return installed.notBefore();
        }
        return evaluatedAt.isBefore(installed.notAfter()) ? installed.notAfter() : null;
    }

    private String evaluationReason(Instant now) {
        if (installed == null) {
            return storedProblem != null ? storedProblem : "No licence is installed.";
        }
        if (!installed.registrationKey().equals(registrationKey)) {
            return "The licence was issued for registration key " + installed.registrationKey()
                    + ", but this installation's key is " + registrationKey + " (the data was moved to another"
                    + " machine, or the installation ID changed). Send the new key to the vendor for a new activation.";
        }
        if (now.isBefore(installed.notBefore())) {
            return "The licence is valid only from " + LicenseStatus.formatInstant(installed.notBefore()) + ".";
        }
        if (!now.isBefore(installed.notAfter())) {
            return "The licence expired on " + LicenseStatus.formatInstant(installed.notAfter()) + ".";
        }
        return null;
    }

    private String warning(LicenseStatus licensed) {
        if (warningDays.length == 0 || licensed.daysLeft() > warningDays[warningDays.length - 1]) {
            return null;
        }
        long days = licensed.daysLeft();
        return "The licence expires in " + days + (days == 1 ? " day" : " days") + ", on "
                + LicenseStatus.formatInstant(licensed.license().notAfter())
                + ". Ask the vendor for a renewal: the licensed modules stop then.";
    }

    private void warnIfThresholdCrossed(LicenseStatus licensed) {
        long days = licensed.daysLeft();
        Integer crossed = null;
        for (int threshold : warningDays) {
            if (days <= threshold) {
                crossed = threshold;
                break;
            }
        }
        if (crossed == null) {
            return;
        }
        String id = licensed.license().id();
        if (!id.equals(warnedLicenseId) || crossed < warnedThreshold) {
            warnedLicenseId = id;
            warnedThreshold = crossed;
            listener.expiring(licensed, crossed);
        }
    }

    private void store(byte[] file) {
        try {
            Files.createDirectories(licenseFile.getParent());
            Path temporary = Files.createTempFile(licenseFile.getParent(), LICENSE_FILE, ".new");
            try {
                Files.write(temporary, file);
                try {
                    Files.move(temporary, licenseFile, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, licenseFile, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the licence in " + licenseFile, e);
        }
    }
}
