package org.rayport.devices.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;

import org.junit.Test;

public class TotpTest {

    /** RFC 6238 appendix B: the SHA-1 key is the ASCII string "12345678901234567890". */
    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    public void rfc6238TestVectorsForSha1WithEightDigits() {
        long[] times = {59L, 1111111109L, 1111111111L, 1234567890L, 2000000000L, 20000000000L};
        String[] codes = {"94287082", "07081804", "14050471", "89005924", "69279037", "65353130"};
        for (int i = 0; i < times.length; i++) {
            long step = Totp.step(Instant.ofEpochSecond(times[i]));
            assertEquals("T=" + times[i], codes[i], Totp.code(RFC_KEY, step, 8));
        }
    }

    @Test
    public void rfc4226HotpTestVectorsWithSixDigits() {
        String[] codes = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
                "520489"};
        for (int counter = 0; counter < codes.length; counter++) {
            assertEquals("counter " + counter, codes[counter], Totp.code(RFC_KEY, counter, 6));
        }
    }

    @Test
    public void theCodeOfTheCurrentAndTheNeighbouringStepsMatchesOthersDoNot() {
        Instant now = Instant.ofEpochSecond(1111111111L);
        long step = Totp.step(now);
        assertEquals(OptionalLong.of(step), Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step, 6), now));
        assertEquals(OptionalLong.of(step - 1), Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 1, 6), now));
        assertEquals(OptionalLong.of(step + 1), Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step + 1, 6), now));
        assertFalse(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step - 2, 6), now).isPresent());
        assertFalse(Totp.matchingStep(RFC_KEY, Totp.code(RFC_KEY, step + 2, 6), now).isPresent());
    }

    @Test
    public void appsShowCodesWithASpaceAndThatIsAccepted() {
        Instant now = Instant.ofEpochSecond(59);
        String code = Totp.code(RFC_KEY, Totp.step(now), 6);
        assertTrue(Totp.matchingStep(RFC_KEY, code.substring(0, 3) + " " + code.substring(3), now).isPresent());
    }

    @Test
    public void malformedCodesMatchNothing() {
        Instant now = Instant.ofEpochSecond(59);
        for (String code : new String[] {null, "", "12345", "1234567", "12345a", "94287082", "-28708", "２８７０８２"}) {
            assertFalse(String.valueOf(code), Totp.matchingStep(RFC_KEY, code, now).isPresent());
        }
    }
}
