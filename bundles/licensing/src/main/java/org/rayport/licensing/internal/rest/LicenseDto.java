package org.rayport.licensing.internal.rest;

import java.time.Instant;
import java.util.List;

import org.rayport.licensing.License;
import org.rayport.licensing.LicenseStatus;

/**
 * The licence as the administrator's API shows it.
 *
 * @param mode LICENSED or EVALUATION
 * @param reason why the server is in evaluation mode; null when licensed
 * @param summary one sentence that says it all, as the Status page and the shell show it
 * @param modules what the installed licence names; {@code activeModules} what runs now
 * @param daysLeft whole days left, rounded up; -1 in evaluation mode
 */
public record LicenseDto(String mode, boolean licensed, String reason, String summary, String registrationKey,
                         String licenseId, String licensee, Instant notBefore, Instant notAfter, long daysLeft,
                         List<String> modules, List<String> activeModules, int maxDevices, String expiryWarning,
                         Instant checkedAt) {

    static LicenseDto of(LicenseStatus status) {
        License license = status.license();
        return new LicenseDto(status.mode().name(), status.licensed(), status.reason(), status.summary(),
                status.registrationKey(),
                license == null ? null : license.id(),
                license == null ? null : license.licensee(),
                license == null ? null : license.notBefore(),
                license == null ? null : license.notAfter(),
                status.daysLeft(),
                license == null ? List.of() : List.copyOf(license.modules()),
                List.copyOf(status.activeModules()),
                status.maxDevices(), status.expiryWarning(), status.checkedAt());
    }
}
