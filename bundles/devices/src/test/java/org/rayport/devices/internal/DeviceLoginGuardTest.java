package org.rayport.devices.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import org.apache.commons.codec.binary.Base32;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.auth.LoginAttempt;
import org.rayport.auth.LoginRefusedException;
import org.rayport.auth.LoginRefusedException.Reason;
import org.rayport.devices.ApprovalPolicy;
import org.rayport.devices.Enrolment;
import org.rayport.testing.TestDatabase;

/** The login steps after the password, over the real services on H2 (their databases are tested on both). */
public class DeviceLoginGuardTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DevicesTestServer server;
    private DeviceLoginGuard guard;

    @Before
    public void start() throws Exception {
        server = new DevicesTestServer(TestDatabase.H2, temp.getRoot().toPath());
        server.withUsers("ann", "bob");
        guard = new DeviceLoginGuard(server.devices, server.twoFactor);
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    private static LoginAttempt attempt(String user, String deviceId, String code) {
        return new LoginAttempt(user, "irrelevant here", deviceId, deviceId == null ? null : "Device " + deviceId,
                code, "127.0.0.1");
    }

    private Reason refusal(String user, LoginAttempt attempt) {
        return assertThrows(LoginRefusedException.class, () -> guard.admit(user, attempt)).reason();
    }

    @Test
    public void withoutADeviceOnlyTheSecondFactorCounts() {
        guard.admit("ann", attempt("ann", null, null));
        guard.checkStillAdmitted("ann", null);
        assertTrue(server.devices.devices("ann").isEmpty());
    }

    @Test
    public void pendingBlockedAndRemovedDevicesAreRefusedWithMessagesForPeople() {
        guard.admit("ann", attempt("ann", "d1", null));
        LoginRefusedException pending = assertThrows(LoginRefusedException.class,
                () -> guard.admit("ann", attempt("ann", "d2", null)));
        assertEquals(Reason.DEVICE_PENDING, pending.reason());
        assertTrue(pending.getMessage(), pending.getMessage().contains("'Device d2') waits for approval"));

        guard.checkStillAdmitted("ann", "d1");
        server.devices.block("ann", "d1");
        LoginRefusedException blocked = assertThrows(LoginRefusedException.class,
                () -> guard.checkStillAdmitted("ann", "d1"));
        assertEquals(Reason.DEVICE_BLOCKED, blocked.reason());
        assertTrue(blocked.concernsDevice());
        assertEquals(Reason.DEVICE_BLOCKED, refusal("ann", attempt("ann", "d1", null)));

        server.devices.remove("ann", "d1");
        assertEquals(Reason.DEVICE_UNKNOWN,
                assertThrows(LoginRefusedException.class, () -> guard.checkStillAdmitted("ann", "d1")).reason());
        assertEquals(Reason.INVALID_DEVICE, refusal("ann", attempt("ann", "bad id", null)));
    }

    @Test
    public void theLicenceLimitIsTheLicencesMessage() {
        server.devices.changePolicy(ApprovalPolicy.ALL);
        guard.admit("ann", attempt("ann", "d1", null));
        guard.admit("bob", attempt("bob", "d1", null));
        LoginRefusedException limit = assertThrows(LoginRefusedException.class,
                () -> guard.admit("bob", attempt("bob", "d2", null)));
        assertEquals(Reason.DEVICE_LIMIT, limit.reason());
        assertTrue(limit.getMessage(), limit.getMessage().startsWith("Device refused: 2 devices are active and"
                + " evaluation mode allows 2 active devices"));
    }

    @Test
    public void aSecondFactorIsRequiredCheckedAndUsedOnceBeforeTheDeviceIsLookedAt() {
        Enrolment enrolment = server.twoFactor.enrol("ann");
        byte[] key = new Base32().decode(enrolment.secretBase32());
        server.twoFactor.confirm("ann", Totp.code(key, Totp.step(server.clock.instant()), 6));
        server.clock.advance(Duration.ofSeconds(30));

        assertEquals(Reason.SECOND_FACTOR_REQUIRED, refusal("ann", attempt("ann", "d1", null)));
        String code = Totp.code(key, Totp.step(server.clock.instant()), 6);
        String wrong = code.equals("123456") ? "654321" : "123456";
        assertEquals(Reason.SECOND_FACTOR_WRONG, refusal("ann", attempt("ann", "d1", wrong)));
        assertTrue("no device recorded before the second factor", server.devices.devices("ann").isEmpty());

        guard.admit("ann", attempt("ann", "d1", code));
        assertEquals(Reason.SECOND_FACTOR_WRONG, refusal("ann", attempt("ann", "d1", code)));
    }
}
