package org.rayport.devices.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;
import org.rayport.devices.ApprovalPolicy;
import org.rayport.devices.Device;
import org.rayport.devices.DeviceException;
import org.rayport.devices.DeviceState;
import org.rayport.licensing.DeviceLimitException;
import org.rayport.testing.TestDatabase;

/** Approval policies and device licences, on H2 and on PostgreSQL. */
@RunWith(Parameterized.class)
public class JpaDeviceServiceTest {

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.parameters();
    }

    @Parameter
    public TestDatabase database;

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DevicesTestServer server;
    private JpaDeviceService devices;

    @Before
    public void start() throws Exception {
        server = new DevicesTestServer(database, temp.getRoot().toPath());
        server.withUsers("ann", "bob", "cid");
        devices = server.devices;
        server.licence.license(10);
    }

    @After
    public void stop() throws Exception {
        if (server != null) {   // null when the database was not available and the test was skipped
            server.close();
        }
    }

    @Test
    public void firstDeviceOnlyApprovesAUsersFirstDeviceAndKeepsFurtherOnesPending() {
        assertEquals(ApprovalPolicy.FIRST_DEVICE, devices.policy());
        Device first = devices.arrive("ann", "phone-1", "Ann's phone");
        Device second = devices.arrive("ann", "tablet-2", "Ann's tablet");
        Device othersFirst = devices.arrive("bob", "phone-1", "Bob's phone");

        assertEquals(DeviceState.APPROVED, first.state());
        assertEquals(DeviceState.PENDING, second.state());
        assertEquals("the same device ID under another user is that user's first device",
                DeviceState.APPROVED, othersFirst.state());
        assertEquals("a pending device stays pending at its next login",
                DeviceState.PENDING, devices.arrive("ann", "tablet-2", "Ann's tablet").state());
        assertEquals(2, devices.activeDevices());
    }

    @Test
    public void allApprovesEveryDeviceAndNoneNoDevice() {
        devices.changePolicy(ApprovalPolicy.ALL);
        assertEquals(DeviceState.APPROVED, devices.arrive("ann", "a1", null).state());
        assertEquals(DeviceState.APPROVED, devices.arrive("ann", "a2", null).state());

        devices.changePolicy(ApprovalPolicy.NONE);
        assertEquals(DeviceState.PENDING, devices.arrive("bob", "b1", null).state());
        assertEquals("approved devices stay approved when the policy changes",
                DeviceState.APPROVED, devices.arrive("ann", "a1", null).state());
        assertEquals(DeviceState.APPROVED, devices.approve("bob", "b1").state());
        assertEquals(3, devices.activeDevices());
    }

    @Test
    public void aPendingDeviceIsApprovedAtItsNextLoginOnceThePolicyAllowsIt() {
        devices.changePolicy(ApprovalPolicy.NONE);
        devices.arrive("ann", "a1", null);
        devices.changePolicy(ApprovalPolicy.ALL);
        assertEquals(DeviceState.APPROVED, devices.arrive("ann", "a1", null).state());
    }

    @Test
    public void theLicenceLimitsActiveDevicesAndRemovingOneFreesItsLicence() {
        server.licence.license(2);
        devices.changePolicy(ApprovalPolicy.ALL);
        devices.arrive("ann", "a1", null);
        devices.arrive("bob", "b1", null);

        DeviceLimitException refused = assertThrows(DeviceLimitException.class, () -> devices.arrive("cid", "c1", "C"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("allows 2 active devices"));
        assertEquals("refused by the licence, the device is on record as pending",
                DeviceState.PENDING, devices.device("cid", "c1").orElseThrow().state());
        assertThrows(DeviceLimitException.class, () -> devices.approve("cid", "c1"));
        assertEquals(2, devices.activeDevices());

        devices.remove("bob", "b1");
        assertEquals(DeviceState.APPROVED, devices.arrive("cid", "c1", "C").state());
        assertEquals(2, devices.activeDevices());
    }

    @Test
    public void evaluationModeAllowsTwoDevicesWithItsOwnMessage() {
        TestLicence evaluation = TestLicence.evaluation();
        JpaDeviceService underEvaluation = new JpaDeviceService(server.db, server.people, evaluation, server.clock,
                ApprovalPolicy.ALL);
        underEvaluation.arrive("ann", "a1", null);
        underEvaluation.arrive("ann", "a2", null);
        DeviceLimitException refused = assertThrows(DeviceLimitException.class,
                () -> underEvaluation.arrive("ann", "a3", null));
        assertTrue(refused.getMessage(), refused.getMessage().contains("evaluation mode allows 2 active devices"));
    }

    @Test
    public void blockingFreesTheLicenceAndApprovingTakesItAgain() {
        server.licence.license(1);
        devices.arrive("ann", "a1", null);
        devices.changePolicy(ApprovalPolicy.NONE);
        devices.arrive("bob", "b1", null);
        assertThrows(DeviceLimitException.class, () -> devices.approve("bob", "b1"));

        assertEquals(DeviceState.BLOCKED, devices.block("ann", "a1").state());
        assertEquals("a blocked device stays blocked at its next login",
                DeviceState.BLOCKED, devices.arrive("ann", "a1", null).state());
        assertEquals(DeviceState.APPROVED, devices.approve("bob", "b1").state());
        assertThrows(DeviceLimitException.class, () -> devices.approve("ann", "a1"));
    }

    @Test
    public void devicesOfARemovedUserNoLongerTakeLicences() {
        server.licence.license(1);
        devices.arrive("ann", "a1", null);
        assertEquals(1, devices.activeDevices());
        server.people.removeUser("ann");
        assertEquals(0, devices.activeDevices());
        assertEquals(DeviceState.APPROVED, devices.arrive("bob", "b1", null).state());
    }

    @Test
    public void aLoginRecordsTheNewNameAndTime() {
        Device first = devices.arrive("ann", "a1", "Old name");
        server.clock.advance(Duration.ofMinutes(5));
        Device again = devices.arrive("ann", "a1", "  New name ");

        assertEquals("New name", again.name());
        assertEquals(first.registeredAt(), again.registeredAt());
        assertEquals(first.lastLoginAt().plus(Duration.ofMinutes(5)), again.lastLoginAt());
        assertEquals("no name takes the ID", "a2", devices.arrive("ann", "a2", " ").name());
    }

    @Test
    public void listsAreOrderedByUserThenRegistration() {
        devices.changePolicy(ApprovalPolicy.ALL);
        devices.arrive("bob", "z", null);
        server.clock.advance(Duration.ofSeconds(1));
        devices.arrive("ann", "y", null);
        server.clock.advance(Duration.ofSeconds(1));
        devices.arrive("ann", "x", null);

        assertEquals(List.of("ann/y", "ann/x", "bob/z"), devices.devices(null).stream()
                .map(d -> d.userId() + "/" + d.deviceId()).collect(Collectors.toList()));
        assertEquals(1, devices.devices("bob").size());
        assertTrue(devices.devices("nobody").isEmpty());
    }

    @Test
    public void badIdsAndNamesAreRefusedWithTheFieldAndPosition() {
        DeviceException badChar = assertThrows(DeviceException.class, () -> devices.arrive("ann", "ab/cd", null));
        assertEquals("deviceId", badChar.field());
        assertTrue(badChar.getMessage(), badChar.getMessage().contains("character 3"));
        DeviceException tooLong = assertThrows(DeviceException.class,
                () -> devices.arrive("ann", "x".repeat(129), null));
        assertTrue(tooLong.getMessage(), tooLong.getMessage().contains("129 characters"));
        assertThrows(DeviceException.class, () -> devices.arrive("ann", "", null));
        DeviceException control = assertThrows(DeviceException.class, () -> devices.arrive("ann", "ok", "a\nb"));
        assertEquals("deviceName", control.field());
        assertTrue(devices.devices("ann").isEmpty());
    }

    @Test
    public void unknownDevicesAreNamedInTheRefusal() {
        DeviceException unknown = assertThrows(DeviceException.class, () -> devices.approve("ann", "nope"));
        assertEquals(DeviceException.Kind.UNKNOWN, unknown.kind());
        assertTrue(unknown.getMessage().contains("'nope'"));
        assertThrows(DeviceException.class, () -> devices.block("ann", "nope"));
        assertThrows(DeviceException.class, () -> devices.remove("ann", "nope"));
    }
}
