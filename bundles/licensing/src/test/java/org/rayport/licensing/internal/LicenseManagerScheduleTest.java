package org.rayport.licensing.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.Test;

public class LicenseManagerScheduleTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:20:00Z");

    @Test
    public void hourlyChecksRunOnTheFullHour() {
        assertEquals(Instant.parse("2026-03-01T11:00:00Z"),
                LicenseManager.nextCheckAfter(NOW, Duration.ofHours(1), null, ZoneOffset.UTC));
    }

    @Test
    public void midnightComesBeforeALongInterval() {
        assertEquals(Instant.parse("2026-03-02T00:00:00Z"),
                LicenseManager.nextCheckAfter(NOW, Duration.ofHours(48), null, ZoneOffset.UTC));
    }

    @Test
    public void theEndOfTheLicenceIsCheckedToTheMoment() {
        Instant end = Instant.parse("2026-03-01T10:20:15Z");
        assertEquals(end, LicenseManager.nextCheckAfter(NOW, Duration.ofHours(1), end, ZoneOffset.UTC));
        assertEquals("a change that is due already is checked at once", NOW.minusSeconds(5),
                LicenseManager.nextCheckAfter(NOW, Duration.ofHours(1), NOW.minusSeconds(5), ZoneOffset.UTC));
    }
}
