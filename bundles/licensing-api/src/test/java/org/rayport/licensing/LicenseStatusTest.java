package org.rayport.licensing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.Test;

public class LicenseStatusTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String KEY = "7K3M-Q9ZT-4WXH-2NB6";

    private static License license(int maxDevices, Instant notAfter) {
        return new License("L-1", "Klinikum Nord", KEY, NOW.minus(Duration.ofDays(10)), notAfter,
                Set.of("gateway", "ldap"), maxDevices, NOW.minus(Duration.ofDays(11)), "0011223344556677");
    }

    private static LicenseStatus licensed(int maxDevices) {
        return new LicenseStatus(LicenseStatus.Mode.LICENSED, null, KEY,
                license(maxDevices, NOW.plus(Duration.ofDays(100))), NOW, null);
    }

    private static LicenseStatus evaluation() {
        return new LicenseStatus(LicenseStatus.Mode.EVALUATION, "No licence is installed.", KEY, null, NOW, null);
    }

    @Test
    public void evaluationAllowsTwoDevices() {
        LicenseStatus evaluation = evaluation();
        assertEquals(2, evaluation.maxDevices());
        evaluation.checkAnotherDevice(0);
        evaluation.checkAnotherDevice(1);
        DeviceLimitException refused = assertThrows(DeviceLimitException.class, () -> evaluation.checkAnotherDevice(2));
        assertEquals(2, refused.maxDevices());
        assertEquals(2, refused.activeDevices());
        assertEquals("Device refused: 2 devices are active and evaluation mode allows 2 active devices; install a"
                + " licence for more.", refused.getMessage());
        assertFalse(evaluation.allowsAnotherDevice(5));
    }

    @Test
    public void licenceSetsTheLimit() {
        LicenseStatus status = licensed(5);
        assertEquals(5, status.maxDevices());
        assertTrue(status.allowsAnotherDevice(4));
        status.checkAnotherDevice(4);
        DeviceLimitException refused = assertThrows(DeviceLimitException.class, () -> status.checkAnotherDevice(5));
        assertEquals("Device refused: 5 devices are active and the licence of Klinikum Nord allows 5 active devices.",
                refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> status.checkAnotherDevice(-1));
    }

    @Test
    public void aLicenceForNoDevicesAllowsNone() {
        assertThrows(DeviceLimitException.class, () -> licensed(0).checkAnotherDevice(0));
    }

    @Test
    public void modulesAreActiveOnlyWhileLicensed() {
        assertEquals(Set.of("gateway", "ldap"), licensed(5).activeModules());
        assertEquals(Set.of(), evaluation().activeModules());
    }

    @Test
    public void daysLeftRoundUp() {
        LicenseStatus status = new LicenseStatus(LicenseStatus.Mode.LICENSED, null, KEY,
                license(1, NOW.plus(Duration.ofHours(23))), NOW, null);
        assertEquals(1, status.daysLeft());
        status = new LicenseStatus(LicenseStatus.Mode.LICENSED, null, KEY,
                license(1, NOW.plus(Duration.ofDays(14))), NOW, null);
        assertEquals(14, status.daysLeft());
        assertEquals(-1, evaluation().daysLeft());
    }

    @Test
    public void summariesSayPlainlyWhatRuns() {
        assertEquals("Evaluation mode: No licence is installed. The core works with at most 2 active devices;"
                + " licensed modules are inactive.", evaluation().summary());
        assertEquals("Licensed to Klinikum Nord until 2026-06-09 10:00 UTC (100 days left): modules gateway, ldap;"
                + " up to 5 devices.", licensed(5).summary());
    }
}
