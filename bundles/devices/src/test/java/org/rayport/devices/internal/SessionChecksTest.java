package org.rayport.devices.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rayport.auth.AuthService;
import org.rayport.auth.LoginAttempt;
import org.rayport.auth.LoginRefusedException;
import org.rayport.auth.LoginRefusedException.Reason;
import org.rayport.auth.Session;
import org.rayport.auth.internal.AuthConfig;
import org.rayport.auth.internal.ShiroAuthService;
import org.rayport.auth.internal.ShiroSecurityManager;
import org.rayport.people.Role;
import org.rayport.people.UserDraft;
import org.rayport.testing.TestDatabase;

/**
 * The check of every request made with a token (auth's {@link ShiroAuthService} over the real people store and this
 * bundle's device guard, on H2): a token is checked once and then reused while nothing changed, and each change that
 * must end or alter an issued token's session does so on the very next request, though the token passed just before.
 */
public class SessionChecksTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DevicesTestServer server;
    private AuthService auth;

    @Before
    public void start() throws Exception {
        server = new DevicesTestServer(TestDatabase.H2, temp.getRoot().toPath());
        server.withUsers("ann", "bob");
        ShiroSecurityManager security = new ShiroSecurityManager(server.people, new DefaultAuthConfig());
        auth = new ShiroAuthService(security, server.people, new DeviceLoginGuard(server.devices, server.twoFactor));
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    private String login(String user, String deviceId) {
        return auth.login(new LoginAttempt(user, "Password-of-" + user, deviceId,
                deviceId == null ? null : "Device " + deviceId, null, "127.0.0.1")).token();
    }

    /** Passes the check twice, so that the second use is one that nothing was looked up for. */
    private Session checkedTwice(String token, String deviceId) {
        Session first = auth.session(token, deviceId);
        Session second = auth.session(token, deviceId);
        assertEquals(first, second);
        assertEquals(token, second.token());
        return second;
    }

    private Reason refusal(String token, String deviceId) {
        return assertThrows(LoginRefusedException.class, () -> auth.session(token, deviceId)).reason();
    }

    private void edit(String user, boolean enabled, Set<Role> roles, String newPassword) {
        server.people.editUser(user, new UserDraft(user, "User " + user, newPassword, enabled, List.of(), roles,
                Map.of()));
    }

    @Test
    public void aDisabledUsersTokenIsRefusedAtOnceAndOthersStay() {
        String ann = login("ann", "ann-phone");
        String bob = login("bob", "bob-phone");
        checkedTwice(ann, "ann-phone");
        checkedTwice(bob, "bob-phone");

        edit("ann", false, Set.of(Role.USER), null);

        assertEquals(Reason.SESSION_ENDED, refusal(ann, "ann-phone"));
        assertEquals("bob", auth.session(bob, "bob-phone").userId());
    }

    @Test
    public void blockedAndRemovedDevicesAreRefusedAtOnce() {
        String ann = login("ann", "ann-phone");
        String bob = login("bob", "bob-phone");
        checkedTwice(ann, "ann-phone");
        checkedTwice(bob, "bob-phone");

        server.devices.block("ann", "ann-phone");
        assertEquals(Reason.DEVICE_BLOCKED, refusal(ann, "ann-phone"));
        server.devices.remove("bob", "bob-phone");
        assertEquals(Reason.DEVICE_UNKNOWN, refusal(bob, "bob-phone"));
    }

    @Test
    public void logoutEndsOnlyThatToken() {
        String desk = login("ann", null);
        String laptop = login("ann", null);
        checkedTwice(desk, null);
        checkedTwice(laptop, null);

        auth.logout(desk);

        assertEquals(Reason.SESSION_ENDED, refusal(desk, null));
        assertEquals("ann", auth.session(laptop, null).userId());
    }

    @Test
    public void rolesAndThePasswordChangeDutyFollowTheUserAtOnce() {
        String ann = login("ann", null);
        Session before = checkedTwice(ann, null);
        assertTrue("a new user must change the first password", before.mustChangePassword());
        assertFalse(before.hasRole("admin"));

        auth.changePassword(ann, "Password-of-ann", "Second-password-of-ann");
        assertFalse(auth.session(ann, null).mustChangePassword());

        edit("ann", true, Set.of(Role.USER, Role.ADMIN), null);
        assertTrue(auth.session(ann, null).hasRole("admin"));
        edit("ann", true, Set.of(Role.USER), "Reset-by-the-admin-1");
        Session reset = auth.session(ann, null);
        assertFalse(reset.hasRole("admin"));
        assertTrue("an administrator's reset asks for a new password again", reset.mustChangePassword());
    }

    @Test
    public void aTokenBoundToADeviceNeedsThatDeviceAlsoWhenItsCheckIsReused() {
        String ann = login("ann", "ann-phone");
        checkedTwice(ann, "ann-phone");

        assertEquals(Reason.DEVICE_UNKNOWN, refusal(ann, "someone-elses"));
        assertEquals(Reason.DEVICE_UNKNOWN, refusal(ann, null));
    }

    @Test
    public void theSessionDoesNotKeepTheTokenBetweenRequestsButGivesBackTheOnePresented() {
        String ann = login("ann", null);
        checkedTwice(ann, null);
        assertEquals(Reason.SESSION_ENDED, refusal(ann.substring(1) + "A", null));
        assertTrue(auth.session(ann).isPresent());
    }

    /** The configuration's defaults, as DS would give them without a configuration. */
    private static final class DefaultAuthConfig implements AuthConfig {
        @Override
        public int sessionHours() {
            return 12;
        }

        @Override
        public int accountFailures() {
            return 5;
        }

        @Override
        public int addressFailures() {
            return 20;
        }

        @Override
        public int lockSeconds() {
            return 30;
        }

        @Override
        public int maxLockMinutes() {
            return 15;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return AuthConfig.class;
        }
    }
}
