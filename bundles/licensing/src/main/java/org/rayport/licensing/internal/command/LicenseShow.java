package org.rayport.licensing.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rayport.licensing.License;
import org.rayport.licensing.LicenseService;
import org.rayport.licensing.LicenseStatus;

@Service
@Command(scope = "rayport", name = "license-show",
        description = "Shows the licence: licensed or evaluation mode and why, licensee, validity, days left,"
                + " modules, device limit and the registration key.")
public class LicenseShow implements Action {

    @Reference
    LicenseService licenses;

    @Override
    public Object execute() {
        LicenseStatus status = licenses.status();
        System.out.println(status.summary());
        if (status.expiryWarning() != null) {
            System.out.println("WARNING: " + status.expiryWarning());
        }
        ShellTable table = new ShellTable();
        table.noHeaders();
        table.column("Field");
        table.column("Value").maxSize(90).wrap();
        table.addRow().addContent("Mode", status.mode().name());
        if (status.reason() != null) {
            table.addRow().addContent("Reason", status.reason());
        }
        table.addRow().addContent("Registration key", status.registrationKey());
        License license = status.license();
        if (license != null) {
            table.addRow().addContent("Licence", license.id());
            table.addRow().addContent("Licensee", license.licensee());
            table.addRow().addContent("Valid from", LicenseStatus.formatInstant(license.notBefore()));
            table.addRow().addContent("Valid until", LicenseStatus.formatInstant(license.notAfter()));
            table.addRow().addContent("Licensed modules", String.join(", ", license.modules()));
        }
        if (status.licensed()) {
            table.addRow().addContent("Days left", Long.toString(status.daysLeft()));
        }
        table.addRow().addContent("Active modules",
                status.activeModules().isEmpty() ? "none" : String.join(", ", status.activeModules()));
        table.addRow().addContent("Max. devices", Integer.toString(status.maxDevices()));
        table.print(System.out);
        return null;
    }
}
