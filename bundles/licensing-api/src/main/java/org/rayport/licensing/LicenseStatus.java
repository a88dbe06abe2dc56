package org.rayport.licensing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Set;

/**
 * The licence situation at one moment.
 *
 * @param mode {@link Mode#LICENSED} while a valid licence is in force, otherwise {@link Mode#EVALUATION}
 * @param reason in evaluation mode, why (no licence, expired, ...), for a person to read; null when licensed
 * @param registrationKey this installation's key
 * @param license the installed licence, also when it no longer applies (expired, other installation) so that its
 *                details can be shown; null when none is installed or the stored file is unreadable
 * @param checkedAt when this status was worked out; {@link #daysLeft()} counts from here
 * @param expiryWarning a warning for a person when the licence in force expires within the first warning threshold
 *                      (30 days unless configured otherwise); null otherwise
 */
public record LicenseStatus(Mode mode, String reason, String registrationKey, License license, Instant checkedAt,
                            String expiryWarning) {

    /** Devices allowed without a licence. */
    public static final int EVALUATION_MAX_DEVICES = 2;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public enum Mode {
        LICENSED,
        /** The core runs for at most {@value #EVALUATION_MAX_DEVICES} devices; no licensed module is active. */
        EVALUATION
    }

    public LicenseStatus {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(registrationKey, "registrationKey");
        Objects.requireNonNull(checkedAt, "checkedAt");
        if (mode == Mode.LICENSED && license == null) {
            throw new IllegalArgumentException("A licensed status needs its licence");
        }
        if (mode == Mode.EVALUATION && reason == null) {
            throw new IllegalArgumentException("Evaluation mode needs a reason");
        }
    }

    public boolean licensed() {
        return mode == Mode.LICENSED;
    }

    /** The modules that are switched on now: the licence's while it is in force, none in evaluation mode. */
    public Set<String> activeModules() {
        return licensed() ? license.modules() : Set.of();
    }

    public int maxDevices() {
        return licensed() ? license.maxDevices() : EVALUATION_MAX_DEVICES;
    }

    /** Whole days until the licence in force ends, rounded up (so the last day reads 1); -1 in evaluation mode. */
    public long daysLeft() {
        if (!licensed()) {
            return -1;
        }
        Duration left = Duration.between(checkedAt, license.notAfter());
        long days = left.toDays();
        return left.minusDays(days).isZero() ? days : days + 1;
    }

    public boolean allowsAnotherDevice(int activeDevices) {
        return activeDevices < maxDevices();
    }

    /** @throws DeviceLimitException saying what the limit is and how to raise it, when one more would exceed it */
    public void checkAnotherDevice(int activeDevices) {
        if (activeDevices < 0) {
            throw new IllegalArgumentException("activeDevices must not be negative: " + activeDevices);
        }
        if (allowsAnotherDevice(activeDevices)) {
            return;
        }
        String limit = licensed()
                ? "the licence of " + license.licensee() + " allows " + maxDevices() + " active devices"
                : "evaluation mode allows " + EVALUATION_MAX_DEVICES + " active devices; install a licence for more";
        throw new DeviceLimitException(activeDevices, maxDevices(),
                "Device refused: " + activeDevices + " devices are active and " + limit + ".");
    }

    /** One plain sentence for the status page, the shell and the login screen. */
    public String summary() {
        if (licensed()) {
            long days = daysLeft();
            return "Licensed to " + license.licensee() + " until " + DAY.format(license.notAfter()) + " (" + days
                    + (days == 1 ? " day" : " days") + " left): modules "
                    + (license.modules().isEmpty() ? "none" : String.join(", ", license.modules()))
                    + "; up to " + license.maxDevices() + " devices.";
        }
        return "Evaluation mode: " + reason + " The core works with at most " + EVALUATION_MAX_DEVICES
                + " active devices; licensed modules are inactive.";
    }

    /** A date as the messages write it, e.g. {@code 2026-03-31 00:00 UTC}. */
    public static String formatInstant(Instant instant) {
        return DAY.format(instant);
    }
}
