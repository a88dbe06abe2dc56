package org.rayport.devices.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rayport.devices.Device;
import org.rayport.devices.DeviceService;
import org.rayport.licensing.LicenseService;

@Service
@Command(scope = "rayport", name = "device-list",
        description = "Lists the devices of one user or of all users, with their state, and the approval policy.")
public class DeviceList implements Action {

    @Argument(index = 0, name = "user", description = "Only this user's devices")
    String user;

    @Reference
    DeviceService devices;

    @Reference
    LicenseService licenses;

    @Override
    public Object execute() {
        List<Device> list = devices.devices(user);
        System.out.println("Approval policy: " + devices.policy() + "; active devices: " + devices.activeDevices()
                + " of " + licenses.maxDevices() + " licensed");
        ShellTable table = new ShellTable();
        table.column("User");
        table.column("Device ID");
        table.column("Name").maxSize(40);
        table.column("State");
        table.column("Registered");
        table.column("Last login");
        for (Device device : list) {
            table.addRow().addContent(device.userId(), device.deviceId(), device.name(), device.state().name(),
                    CommandSupport.format(device.registeredAt()), CommandSupport.format(device.lastLoginAt()));
        }
        table.print(System.out);
        return null;
    }
}
