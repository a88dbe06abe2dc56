package org.rayport.devices.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.rayport.licensing.License;
import org.rayport.licensing.LicenseService;
import org.rayport.licensing.LicenseStatus;

/**
 * A licence in force for the tests: a real {@link LicenseStatus}, whose own rules (evaluation mode allows 2 devices)
 * decide. Installing licence files belongs to the licensing bundle's tests.
 */
final class TestLicence implements LicenseService {

    private volatile LicenseStatus status;

    private TestLicence(LicenseStatus status) {
        this.status = status;
    }

    static TestLicence evaluation() {
        return new TestLicence(new LicenseStatus(LicenseStatus.Mode.EVALUATION, "No licence is installed.",
                "TEST-KEY0-TEST-KEY0", null, Instant.now(), null));
    }

    void license(int maxDevices) {
        Instant now = Instant.now();
        License license = new License("test-licence", "Test Klinikum", "TEST-KEY0-TEST-KEY0", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)), Set.of(), maxDevices, now, "test-key");
        status = new LicenseStatus(LicenseStatus.Mode.LICENSED, null, "TEST-KEY0-TEST-KEY0", license, now, null);
    }

    @Override
    public String registrationKey() {
        return status.registrationKey();
    }

    @Override
    public LicenseStatus status() {
        return status;
    }

    @Override
    public LicenseStatus install(byte[] licenseFile) {
        throw new UnsupportedOperationException("not part of these tests");
    }

    @Override
    public LicenseStatus remove() {
        throw new UnsupportedOperationException("not part of these tests");
    }
}
