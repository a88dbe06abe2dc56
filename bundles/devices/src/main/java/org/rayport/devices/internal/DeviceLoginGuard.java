package org.rayport.devices.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rayport.auth.LoginAttempt;
import org.rayport.auth.LoginGuard;
import org.rayport.auth.LoginRefusedException;
import org.rayport.auth.LoginRefusedException.Reason;
import org.rayport.devices.Device;
import org.rayport.devices.DeviceException;
import org.rayport.devices.DeviceService;
import org.rayport.devices.TwoFactorService;
import org.rayport.devices.TwoFactorState;
import org.rayport.licensing.DeviceLimitException;

/**
 * The second factor and the device of a REST login, and the device of every request made with a device-bound token:
 * a blocked or removed device is refused from its next request on, also with tokens issued before.
 */
@Component(service = LoginGuard.class)
public class DeviceLoginGuard implements LoginGuard {

    private final DeviceService devices;
    private final TwoFactorService twoFactor;

    @Activate
    public DeviceLoginGuard(@Reference DeviceService devices, @Reference TwoFactorService twoFactor) {
        this.devices = devices;
        this.twoFactor = twoFactor;
    }

    @Override
    public void admit(String userId, LoginAttempt attempt) {
        if (twoFactor.state(userId) == TwoFactorState.ACTIVE) {
            String code = attempt.oneTimeCode();
            if (code == null || code.isBlank()) {
                throw new LoginRefusedException(Reason.SECOND_FACTOR_REQUIRED, "This account uses two-factor"
                        + " authentication: send the current code of the authenticator app as 'totp'");
            }
            if (!twoFactor.verify(userId, code)) {
                throw new LoginRefusedException(Reason.SECOND_FACTOR_WRONG,
                        "The two-factor code is wrong, expired or was used already");
            }
        }
        if (attempt.deviceId() == null) {
            return;
        }
        Device device;
        try {
            device = devices.arrive(userId, attempt.deviceId(), attempt.deviceName());
        } catch (DeviceException invalid) {
            throw new LoginRefusedException(Reason.INVALID_DEVICE, "Device refused: " + invalid.getMessage());
        } catch (DeviceLimitException limit) {
            throw new LoginRefusedException(Reason.DEVICE_LIMIT, limit.getMessage()
                    + " This device waits for approval by an administrator.");
        }
        refuseUnlessApproved(device);
    }

    @Override
    public void checkStillAdmitted(String userId, String deviceId) {
        if (deviceId == null) {
            return;
        }
        Device device = devices.device(userId, deviceId).orElseThrow(() -> new LoginRefusedException(
                Reason.DEVICE_UNKNOWN, "This device was removed by an administrator; log in again"));
        refuseUnlessApproved(device);
    }

    @Override
    public long changeCount() {
        return devices.changeCount();
    }

    private static void refuseUnlessApproved(Device device) {
        switch (device.state()) {
            case PENDING:
                throw new LoginRefusedException(Reason.DEVICE_PENDING, "This device ('" + device.name()
                        + "') waits for approval by an administrator; log in again once it is approved");
            case BLOCKED:
                throw new LoginRefusedException(Reason.DEVICE_BLOCKED, "This device ('" + device.name()
                        + "') is blocked by an administrator");
            default:
                return;
        }
    }
}
