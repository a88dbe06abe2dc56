package org.rayport.devices.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rayport.devices.Device;
import org.rayport.devices.DeviceException;
import org.rayport.devices.DeviceService;
import org.rayport.licensing.DeviceLimitException;

@Service
@Command(scope = "rayport", name = "device-approve", description = "Approves a device; it takes one device licence.")
public class DeviceApprove implements Action {

    @Argument(index = 0, name = "user", description = "The user ID", required = true)
    String user;

    @Argument(index = 1, name = "device", description = "The device ID", required = true)
    String device;

    @Reference
    DeviceService devices;

    @Override
    public Object execute() throws Exception {
        try {
            Device changed = devices.approve(user, device);
            System.out.println("Device '" + changed.deviceId() + "' (" + changed.name() + ") of '" + changed.userId()
                    + "' is " + changed.state());
            return null;
        } catch (DeviceException | DeviceLimitException e) {
            throw CommandSupport.failure(e);
        }
    }
}
