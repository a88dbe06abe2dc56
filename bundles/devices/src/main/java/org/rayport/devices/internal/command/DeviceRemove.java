package org.rayport.devices.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rayport.devices.DeviceException;
import org.rayport.devices.DeviceService;

@Service
@Command(scope = "rayport", name = "device-remove",
        description = "Forgets a device: its licence is free, its tokens are refused, its next login counts as new.")
public class DeviceRemove implements Action {

    @Argument(index = 0, name = "user", description = "The user ID", required = true)
    String user;

    @Argument(index = 1, name = "device", description = "The device ID", required = true)
    String device;

    @Reference
    DeviceService devices;

    @Override
    public Object execute() throws Exception {
        try {
            devices.remove(user, device);
            System.out.println("Device '" + device + "' of '" + user + "' removed");
            return null;
        } catch (DeviceException e) {
            throw CommandSupport.failure(e);
        }
    }
}
